package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_TRANSACTION_TIMEOUT}: the transaction timeout is larger than
 * the broker allows.
 */
public class InvalidTxnTimeoutException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidTxnTimeoutException(String message) {
        super(message);
    }

    public InvalidTxnTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
