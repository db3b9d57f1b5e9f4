package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#ELECTION_NOT_NEEDED}: the partition already has the leader the
 * election would choose.
 */
public class ElectionNotNeededException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public ElectionNotNeededException(String message) {
        super(message);
    }

    public ElectionNotNeededException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
