package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NOT_COORDINATOR}: the broker is not the coordinator for this group or
 * transactional id.
 */
public class NotCoordinatorException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotCoordinatorException(String message) {
        super(message);
    }

    public NotCoordinatorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
