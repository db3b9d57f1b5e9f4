package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NOT_ENOUGH_REPLICAS}: the partition has fewer in-sync replicas than
 * the requested acks need.
 */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }

    public NotEnoughReplicasException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
