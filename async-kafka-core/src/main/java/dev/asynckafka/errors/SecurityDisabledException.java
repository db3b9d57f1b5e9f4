package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#SECURITY_DISABLED}: the request needs security features that are
 * disabled on the broker.
 */
public class SecurityDisabledException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public SecurityDisabledException(String message) {
        super(message);
    }

    public SecurityDisabledException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
