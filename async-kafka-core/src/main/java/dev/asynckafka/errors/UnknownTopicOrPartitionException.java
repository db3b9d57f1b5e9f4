package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_TOPIC_OR_PARTITION}: the broker does not host the topic or
 * partition, or has not learned of it yet.
 */
public class UnknownTopicOrPartitionException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }

    public UnknownTopicOrPartitionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
