package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INCONSISTENT_CLUSTER_ID}: the cluster id in the request does not
 * match the receiver's.
 */
public class InconsistentClusterIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InconsistentClusterIdException(String message) {
        super(message);
    }

    public InconsistentClusterIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
