package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REPLICA_ASSIGNMENT}: the explicit replica assignment is
 * invalid.
 */
public class InvalidReplicaAssignmentException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicaAssignmentException(String message) {
        super(message);
    }

    public InvalidReplicaAssignmentException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
