package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#BROKER_ID_NOT_REGISTERED}: the controller has no registration for
 * this broker id.
 */
public class BrokerIdNotRegisteredException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public BrokerIdNotRegisteredException(String message) {
        super(message);
    }

    public BrokerIdNotRegisteredException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
