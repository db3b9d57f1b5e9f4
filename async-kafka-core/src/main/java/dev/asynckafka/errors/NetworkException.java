package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NETWORK_EXCEPTION}, and by the client when a connection to a broker
 * fails.
 */
public class NetworkException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
