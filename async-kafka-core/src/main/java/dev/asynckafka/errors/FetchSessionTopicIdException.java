package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FETCH_SESSION_TOPIC_ID_ERROR}: the topic ids of the fetch session
 * changed or conflict with the request.
 */
public class FetchSessionTopicIdException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public FetchSessionTopicIdException(String message) {
        super(message);
    }

    public FetchSessionTopicIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
