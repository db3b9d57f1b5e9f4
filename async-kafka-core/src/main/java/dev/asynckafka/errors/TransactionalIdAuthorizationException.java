package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TRANSACTIONAL_ID_AUTHORIZATION_FAILED}: the principal lacks
 * permission for the operation on the transactional id.
 */
public class TransactionalIdAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public TransactionalIdAuthorizationException(String message) {
        super(message);
    }

    public TransactionalIdAuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
