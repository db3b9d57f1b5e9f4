package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Client side: the connection closed while a request was in flight, so its outcome is unknown. */
public class DisconnectException extends NetworkException {
    private static final long serialVersionUID = 1L;

    public DisconnectException(String message) {
        super(message);
    }

    public DisconnectException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
