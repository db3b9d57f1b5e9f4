package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#REBOOTSTRAP_REQUIRED}: the client has to rediscover the cluster from
 * its bootstrap servers.
 */
public class RebootstrapRequiredException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RebootstrapRequiredException(String message) {
        super(message);
    }

    public RebootstrapRequiredException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
