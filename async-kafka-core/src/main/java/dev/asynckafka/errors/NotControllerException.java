package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#NOT_CONTROLLER}: the broker is not the active controller. */
public class NotControllerException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotControllerException(String message) {
        super(message);
    }

    public NotControllerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
