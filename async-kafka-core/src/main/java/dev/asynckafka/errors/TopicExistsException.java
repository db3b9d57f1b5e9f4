package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#TOPIC_ALREADY_EXISTS}: a topic with this name already exists. */
public class TopicExistsException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TopicExistsException(String message) {
        super(message);
    }

    public TopicExistsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
