package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TOPIC_DELETION_DISABLED}: topic deletion is disabled on the cluster.
 */
public class TopicDeletionDisabledException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TopicDeletionDisabledException(String message) {
        super(message);
    }

    public TopicDeletionDisabledException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
