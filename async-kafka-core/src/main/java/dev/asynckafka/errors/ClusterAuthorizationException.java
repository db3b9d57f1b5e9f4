package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#CLUSTER_AUTHORIZATION_FAILED}: the principal lacks permission for the
 * operation on the cluster.
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public ClusterAuthorizationException(String message) {
        super(message);
    }

    public ClusterAuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
