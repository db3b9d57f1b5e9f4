package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_OWNER_MISMATCH}: the principal is neither owner nor
 * renewer of the delegation token.
 */
public class DelegationTokenOwnerMismatchException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DelegationTokenOwnerMismatchException(String message) {
        super(message);
    }

    public DelegationTokenOwnerMismatchException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
