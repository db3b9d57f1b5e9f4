package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_AUTH_DISABLED}: delegation token support is not
 * enabled on the broker.
 */
public class DelegationTokenDisabledException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DelegationTokenDisabledException(String message) {
        super(message);
    }

    public DelegationTokenDisabledException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
