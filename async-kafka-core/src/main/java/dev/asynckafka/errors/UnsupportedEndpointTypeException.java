package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSUPPORTED_ENDPOINT_TYPE}: the endpoint type asked for is not
 * supported by this request version.
 */
public class UnsupportedEndpointTypeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedEndpointTypeException(String message) {
        super(message);
    }

    public UnsupportedEndpointTypeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
