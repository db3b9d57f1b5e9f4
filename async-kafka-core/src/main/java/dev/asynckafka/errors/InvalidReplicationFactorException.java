package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REPLICATION_FACTOR}: the replication factor is invalid or
 * larger than the number of brokers.
 */
public class InvalidReplicationFactorException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicationFactorException(String message) {
        super(message);
    }

    public InvalidReplicationFactorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
