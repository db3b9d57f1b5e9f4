package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_EXPIRED}: the delegation token has passed its expiry
 * time.
 */
public class DelegationTokenExpiredException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DelegationTokenExpiredException(String message) {
        super(message);
    }

    public DelegationTokenExpiredException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
