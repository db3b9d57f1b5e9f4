package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FENCED_LEADER_EPOCH}: the request's leader epoch is older than the
 * broker's, so metadata is stale.
 */
public class FencedLeaderEpochException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public FencedLeaderEpochException(String message) {
        super(message);
    }

    public FencedLeaderEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
