package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#LEADER_NOT_AVAILABLE}: the partition has no leader at the moment,
 * typically during an election.
 */
public class LeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public LeaderNotAvailableException(String message) {
        super(message);
    }

    public LeaderNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
