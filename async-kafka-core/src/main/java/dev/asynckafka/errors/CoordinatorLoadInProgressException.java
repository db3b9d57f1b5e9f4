package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#COORDINATOR_LOAD_IN_PROGRESS}: the coordinator is still loading its
 * state and cannot serve the request yet.
 */
public class CoordinatorLoadInProgressException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public CoordinatorLoadInProgressException(String message) {
        super(message);
    }

    public CoordinatorLoadInProgressException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
