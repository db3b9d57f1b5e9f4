package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#BROKER_NOT_AVAILABLE}: the broker is not reachable or not serving.
 */
public class BrokerNotAvailableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public BrokerNotAvailableException(String message) {
        super(message);
    }

    public BrokerNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
