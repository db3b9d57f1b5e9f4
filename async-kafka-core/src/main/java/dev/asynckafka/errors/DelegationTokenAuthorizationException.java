package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DELEGATION_TOKEN_AUTHORIZATION_FAILED}: the principal lacks
 * permission for the operation on the delegation token.
 */
public class DelegationTokenAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public DelegationTokenAuthorizationException(String message) {
        super(message);
    }

    public DelegationTokenAuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
