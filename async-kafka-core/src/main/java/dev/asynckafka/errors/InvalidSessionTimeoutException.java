package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_SESSION_TIMEOUT}: the requested session timeout is outside
 * the range the broker allows.
 */
public class InvalidSessionTimeoutException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidSessionTimeoutException(String message) {
        super(message);
    }

    public InvalidSessionTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
