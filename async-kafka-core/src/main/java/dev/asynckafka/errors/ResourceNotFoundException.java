package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#RESOURCE_NOT_FOUND}: the resource the request refers to does not
 * exist.
 */
public class ResourceNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message) {
        super(message);
    }

    public ResourceNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
