package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#STREAMS_INVALID_TOPOLOGY_EPOCH}: the topology epoch is not the
 * Streams group's current one.
 */
public class StreamsInvalidTopologyEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public StreamsInvalidTopologyEpochException(String message) {
        super(message);
    }

    public StreamsInvalidTopologyEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
