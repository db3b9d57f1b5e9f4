package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#PREFERRED_LEADER_NOT_AVAILABLE}: the preferred replica is not
 * available to become leader.
 */
public class PreferredLeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public PreferredLeaderNotAvailableException(String message) {
        super(message);
    }

    public PreferredLeaderNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
