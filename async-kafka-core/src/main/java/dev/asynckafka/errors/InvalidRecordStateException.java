package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_RECORD_STATE}: a share group acknowledgement refers to a
 * record whose state does not allow it.
 */
public class InvalidRecordStateException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordStateException(String message) {
        super(message);
    }

    public InvalidRecordStateException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
