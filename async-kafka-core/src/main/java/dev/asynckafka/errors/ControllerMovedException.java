package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#STALE_CONTROLLER_EPOCH}: a request carried a controller epoch older
 * than the current one.
 */
public class ControllerMovedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ControllerMovedException(String message) {
        super(message);
    }

    public ControllerMovedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
