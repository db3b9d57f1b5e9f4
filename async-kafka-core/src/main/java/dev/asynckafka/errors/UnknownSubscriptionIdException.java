package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_SUBSCRIPTION_ID}: the client telemetry subscription id is
 * unknown or out of date.
 */
public class UnknownSubscriptionIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnknownSubscriptionIdException(String message) {
        super(message);
    }

    public UnknownSubscriptionIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
