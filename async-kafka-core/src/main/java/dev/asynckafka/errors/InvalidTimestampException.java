package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_TIMESTAMP}: a record's timestamp is outside the range the
 * topic accepts.
 */
public class InvalidTimestampException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidTimestampException(String message) {
        super(message);
    }

    public InvalidTimestampException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
