package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DUPLICATE_BROKER_REGISTRATION}: a broker with this id is already
 * registered and active.
 */
public class DuplicateBrokerRegistrationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DuplicateBrokerRegistrationException(String message) {
        super(message);
    }

    public DuplicateBrokerRegistrationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
