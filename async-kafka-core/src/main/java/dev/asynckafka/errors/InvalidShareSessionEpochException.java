package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_SHARE_SESSION_EPOCH}: the share session epoch is not the one
 * the broker expects.
 */
public class InvalidShareSessionEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public InvalidShareSessionEpochException(String message) {
        super(message);
    }

    public InvalidShareSessionEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
