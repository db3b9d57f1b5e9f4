package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REGULAR_EXPRESSION}: a subscription's regular expression
 * could not be compiled by the broker.
 */
public class InvalidRegularExpressionException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRegularExpressionException(String message) {
        super(message);
    }

    public InvalidRegularExpressionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
