package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TRANSACTION_COORDINATOR_FENCED}: a newer transaction coordinator has
 * taken over for this transactional id.
 */
public class TransactionCoordinatorFencedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TransactionCoordinatorFencedException(String message) {
        super(message);
    }

    public TransactionCoordinatorFencedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
