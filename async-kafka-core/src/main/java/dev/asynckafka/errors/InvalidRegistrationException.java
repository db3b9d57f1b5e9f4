package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REGISTRATION}: the controller rejected a broker registration
 * as invalid.
 */
public class InvalidRegistrationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRegistrationException(String message) {
        super(message);
    }

    public InvalidRegistrationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
