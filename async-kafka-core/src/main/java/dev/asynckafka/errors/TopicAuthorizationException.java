package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TOPIC_AUTHORIZATION_FAILED}: the principal lacks permission for the
 * operation on the topic.
 */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public TopicAuthorizationException(String message) {
        super(message);
    }

    public TopicAuthorizationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
