package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INELIGIBLE_REPLICA}: a proposed in-sync replica set contains a
 * replica that is not eligible to join it.
 */
public class IneligibleReplicaException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public IneligibleReplicaException(String message) {
        super(message);
    }

    public IneligibleReplicaException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
