package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NOT_ENOUGH_REPLICAS_AFTER_APPEND}: records reached the leader's log,
 * but the in-sync replica set shrank below the minimum before they were acknowledged.
 */
public class NotEnoughReplicasAfterAppendException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasAfterAppendException(String message) {
        super(message);
    }

    public NotEnoughReplicasAfterAppendException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
