package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_NOT_FOUND}: the broker has no delegation token
 * matching the request.
 */
public class DelegationTokenNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DelegationTokenNotFoundException(String message) {
        super(message);
    }

    public DelegationTokenNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
