package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TRANSACTION_ABORTABLE}: the transaction hit an error after which the
 * producer has to abort it, and may then carry on.
 */
public class TransactionAbortableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TransactionAbortableException(String message) {
        super(message);
    }

    public TransactionAbortableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
