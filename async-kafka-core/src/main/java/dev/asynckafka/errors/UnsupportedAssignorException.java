package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSUPPORTED_ASSIGNOR}: the group does not support the requested
 * server-side assignor.
 */
public class UnsupportedAssignorException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAssignorException(String message) {
        super(message);
    }

    public UnsupportedAssignorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
