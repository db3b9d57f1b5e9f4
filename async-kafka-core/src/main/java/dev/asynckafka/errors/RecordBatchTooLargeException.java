package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#RECORD_LIST_TOO_LARGE}: a produce request carried a record batch
 * larger than the broker allows.
 */
public class RecordBatchTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RecordBatchTooLargeException(String message) {
        super(message);
    }

    public RecordBatchTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
