package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#CORRUPT_MESSAGE}: a record batch failed its checksum or size check,
 * or was otherwise malformed.
 */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
