package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_RECORD}: the broker rejected a record as invalid, such as a
 * keyless record for a compacted topic.
 */
public class InvalidRecordException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
