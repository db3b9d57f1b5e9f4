package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#COORDINATOR_NOT_AVAILABLE}: no coordinator is available for the group
 * or transactional id right now.
 */
public class CoordinatorNotAvailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public CoordinatorNotAvailableException(String message) {
        super(message);
    }

    public CoordinatorNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
