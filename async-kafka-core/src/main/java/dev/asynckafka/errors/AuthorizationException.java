package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Base of the failures where the broker knew who the client is but refused it the operation. */
public class AuthorizationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(String message) {
        super(message);
    }

    public AuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
