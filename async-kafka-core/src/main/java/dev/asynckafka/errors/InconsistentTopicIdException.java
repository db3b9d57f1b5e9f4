package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INCONSISTENT_TOPIC_ID}: the topic id in the request does not match
 * the one on the broker.
 */
public class InconsistentTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public InconsistentTopicIdException(String message) {
        super(message);
    }

    public InconsistentTopicIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
