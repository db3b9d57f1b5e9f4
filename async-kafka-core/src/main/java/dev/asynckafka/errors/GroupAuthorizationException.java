package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#GROUP_AUTHORIZATION_FAILED}: the principal lacks permission for the
 * operation on the group.
 */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public GroupAuthorizationException(String message) {
        super(message);
    }

    public GroupAuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
