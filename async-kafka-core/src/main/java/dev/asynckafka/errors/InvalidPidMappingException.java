package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_PRODUCER_ID_MAPPING}: the producer id is not currently
 * associated with the transactional id.
 */
public class InvalidPidMappingException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidPidMappingException(String message) {
        super(message);
    }

    public InvalidPidMappingException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
