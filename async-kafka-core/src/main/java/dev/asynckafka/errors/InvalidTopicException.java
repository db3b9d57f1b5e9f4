package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_TOPIC_EXCEPTION}: the topic name is invalid, or the operation
 * is not allowed on this topic (such as writing to an internal topic).
 */
public class InvalidTopicException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }

    public InvalidTopicException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
