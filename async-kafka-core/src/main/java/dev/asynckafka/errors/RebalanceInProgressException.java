package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#REBALANCE_IN_PROGRESS}: the group is rebalancing, so the member has
 * to rejoin.
 */
public class RebalanceInProgressException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RebalanceInProgressException(String message) {
        super(message);
    }

    public RebalanceInProgressException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
