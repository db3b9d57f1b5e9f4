package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DUPLICATE_RESOURCE}: the request names the same resource more than
 * once.
 */
public class DuplicateResourceException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DuplicateResourceException(String message) {
        super(message);
    }

    public DuplicateResourceException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
