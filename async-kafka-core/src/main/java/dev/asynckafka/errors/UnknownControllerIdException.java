package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_CONTROLLER_ID}: the controller id in the request is not
 * known.
 */
public class UnknownControllerIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnknownControllerIdException(String message) {
        super(message);
    }

    public UnknownControllerIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
