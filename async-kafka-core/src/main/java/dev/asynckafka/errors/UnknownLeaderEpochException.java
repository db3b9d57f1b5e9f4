package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_LEADER_EPOCH}: the request's leader epoch is newer than the
 * broker knows of yet.
 */
public class UnknownLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public UnknownLeaderEpochException(String message) {
        super(message);
    }

    public UnknownLeaderEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
