package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#REPLICA_NOT_AVAILABLE}: a replica needed to serve the request is not
 * available on the broker.
 */
public class ReplicaNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public ReplicaNotAvailableException(String message) {
        super(message);
    }

    public ReplicaNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
