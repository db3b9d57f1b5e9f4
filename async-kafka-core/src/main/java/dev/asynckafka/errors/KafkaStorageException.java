package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#KAFKA_STORAGE_ERROR}: the log directory holding the partition is
 * offline or failing on the broker.
 */
public class KafkaStorageException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public KafkaStorageException(String message) {
        super(message);
    }

    public KafkaStorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
