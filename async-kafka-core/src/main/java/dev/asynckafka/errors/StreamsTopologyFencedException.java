package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#STREAMS_TOPOLOGY_FENCED}: the Streams group topology was superseded
 * by a newer one.
 */
public class StreamsTopologyFencedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public StreamsTopologyFencedException(String message) {
        super(message);
    }

    public StreamsTopologyFencedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
