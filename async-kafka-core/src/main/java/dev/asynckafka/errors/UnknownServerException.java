package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_SERVER_ERROR}: the broker hit an error it could not classify,
 * or sent an error code this client does not know.
 */
public class UnknownServerException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnknownServerException(String message) {
        super(message);
    }

    public UnknownServerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
