package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#REQUEST_TIMED_OUT}: the request did not complete within its timeout.
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
