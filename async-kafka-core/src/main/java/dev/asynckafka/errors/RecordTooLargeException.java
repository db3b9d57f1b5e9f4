package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#MESSAGE_TOO_LARGE}: a record or batch is larger than the broker or
 * topic accepts.
 */
public class RecordTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
