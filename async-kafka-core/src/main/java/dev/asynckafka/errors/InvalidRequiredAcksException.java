package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REQUIRED_ACKS}: the produce request asked for an acks value
 * the broker does not accept.
 */
public class InvalidRequiredAcksException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRequiredAcksException(String message) {
        super(message);
    }

    public InvalidRequiredAcksException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
