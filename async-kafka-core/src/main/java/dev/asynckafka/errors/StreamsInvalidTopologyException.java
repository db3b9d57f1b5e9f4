package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#STREAMS_INVALID_TOPOLOGY}: the Streams group topology is invalid. */
public class StreamsInvalidTopologyException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public StreamsInvalidTopologyException(String message) {
        super(message);
    }

    public StreamsInvalidTopologyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
