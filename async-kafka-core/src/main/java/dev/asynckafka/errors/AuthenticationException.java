package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Base of the failures where the client could not prove its identity to the broker (SASL or TLS).
 */
public class AuthenticationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
