package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import java.time.Duration;
import java.util.Collection;

/**
 * Receives what listener containers do, for metrics and logging. Every {@code ListenerObserver}
 * bean is called by every container, on the thread where the event happened: a listener executor
 * thread or the consumer's executor (once a container stopped, late events of its records come on
 * the common pool), never a client's I/O loop. Implementations must be fast and thread-safe and
 * must not throw.
 */
public interface ListenerObserver {

    /** What became of one processed record or batch. */
    enum Outcome {
        /** The listener completed normally (for an async listener: its stage completed normally). */
        SUCCESS,
        /** The listener failed and the record will be tried again. */
        RETRY,
        /** The listener failed for the last time and the error handler took the record (dead letter). */
        FAILURE
    }

    /** Partitions were assigned to the container; their lanes exist from now on. */
    default void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {}

    /** Partitions were revoked or lost; their lanes and everything kept for them are gone. */
    default void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions) {}

    /** One listener invocation (one record, or one batch of {@code records}) ended. */
    default void processed(
            ListenerContainer container, TopicPartition partition, int records, Duration time, Outcome outcome) {}

    /** A record (or batch) was published to a dead-letter topic after its last failed attempt. */
    default void deadLettered(
            ListenerContainer container, TopicPartition partition, long offset, String deadLetterTopic) {}

    /**
     * The error handler (by default: publishing to the dead-letter topic) failed for a record that
     * failed its last attempt. The record is not skipped: its partition waits and the handler is
     * called again after the retry backoff, each failure reported here (once per record of a
     * batch) and logged at ERROR.
     */
    default void deadLetterFailed(
            ListenerContainer container, TopicPartition partition, long offset, Throwable error) {}
}
