package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_TXN_STATE}: the operation is not valid in the transaction's
 * current state.
 */
public class InvalidTxnStateException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(message);
    }

    public InvalidTxnStateException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
