package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TRANSACTIONAL_ID_NOT_FOUND}: the coordinator has no transaction for
 * this transactional id.
 */
public class TransactionalIdNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TransactionalIdNotFoundException(String message) {
        super(message);
    }

    public TransactionalIdNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
