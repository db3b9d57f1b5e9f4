package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#GROUP_SUBSCRIBED_TO_TOPIC}: the group is still subscribed to the
 * topic, so its offsets cannot be deleted.
 */
public class GroupSubscribedToTopicException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public GroupSubscribedToTopicException(String message) {
        super(message);
    }

    public GroupSubscribedToTopicException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
