package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_REQUEST_NOT_ALLOWED}: delegation token requests are
 * refused on connections authenticated this way.
 */
public class UnsupportedByAuthenticationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedByAuthenticationException(String message) {
        super(message);
    }

    public UnsupportedByAuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
