package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#MISMATCHED_ENDPOINT_TYPE}: the request went to an endpoint of the
 * wrong type, broker versus controller.
 */
public class MismatchedEndpointTypeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public MismatchedEndpointTypeException(String message) {
        super(message);
    }

    public MismatchedEndpointTypeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
