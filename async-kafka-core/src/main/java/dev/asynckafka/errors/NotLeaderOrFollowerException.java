package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NOT_LEADER_OR_FOLLOWER}: the broker is not the leader, or not the
 * required replica, of the partition, so metadata is stale.
 */
public class NotLeaderOrFollowerException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public NotLeaderOrFollowerException(String message) {
        super(message);
    }

    public NotLeaderOrFollowerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
