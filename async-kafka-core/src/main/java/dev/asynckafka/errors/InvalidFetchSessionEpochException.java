package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_FETCH_SESSION_EPOCH}: the incremental fetch session epoch is
 * not the one the broker expects.
 */
public class InvalidFetchSessionEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public InvalidFetchSessionEpochException(String message) {
        super(message);
    }

    public InvalidFetchSessionEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
