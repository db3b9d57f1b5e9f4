package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_TOPIC_ID}: the broker does not know the topic id, or has not
 * learned of it yet.
 */
public class UnknownTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicIdException(String message) {
        super(message);
    }

    public UnknownTopicIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
