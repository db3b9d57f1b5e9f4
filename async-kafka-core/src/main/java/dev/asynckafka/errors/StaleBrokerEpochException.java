package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#STALE_BROKER_EPOCH}: a request carried a broker epoch older than the
 * current one.
 */
public class StaleBrokerEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public StaleBrokerEpochException(String message) {
        super(message);
    }

    public StaleBrokerEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
