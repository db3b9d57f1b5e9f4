package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's pause state, and the consumer's paused partitions kept in line with it. Reading
 * the state and pausing or resuming the consumer happen under one lock, so a pause, a resume and
 * the assignment callback never interleave: after any sequence of them every assigned partition is
 * paused in the consumer exactly when the container is paused. The consumer's {@code pause} and
 * {@code resume} reject the whole call if one partition is not assigned, so partitions are paused
 * and resumed one at a time: one that a rebalance just took away is skipped (its fetch state went
 * with it; if it comes back, the assignment callback pauses it again) and the others still change.
 */
final class PauseControl {
    private static final Logger log = LoggerFactory.getLogger(PauseControl.class);

    /** The consumer operations used; {@link #of} adapts the consumer, tests use a fake. */
    interface Target {
        /** The partitions assigned right now. */
        Set<TopicPartition> assignment();

        /** Pauses one partition; {@link IllegalStateException} if it is not assigned. */
        void pause(TopicPartition partition);

        /** Resumes one partition; {@link IllegalStateException} if it is not assigned. */
        void resume(TopicPartition partition);
    }

    static @Nullable Target of(@Nullable AsyncKafkaConsumer<?, ?> consumer) {
        if (consumer == null) {
            return null;
        }
        return new Target() {
            @Override
            public Set<TopicPartition> assignment() {
                return consumer.assignment();
            }

            @Override
            public void pause(TopicPartition partition) {
                consumer.pause(Set.of(partition));
            }

            @Override
            public void resume(TopicPartition partition) {
                consumer.resume(Set.of(partition));
            }
        };
    }

    private final String listenerId;
    private final Object lock = new Object();
    private volatile boolean paused;

    PauseControl(String listenerId) {
        this.listenerId = listenerId;
    }

    boolean isPaused() {
        return paused;
    }

    /**
     * Pauses the container and every partition assigned to the consumer.
     *
     * @return false if it was paused already
     */
    boolean pause(@Nullable Target consumer) {
        synchronized (lock) {
            if (paused) {
                return false;
            }
            paused = true;
            if (consumer != null) {
                apply(consumer, consumer.assignment(), true);
            }
            return true;
        }
    }

    /**
     * Resumes the container and every partition assigned to the consumer.
     *
     * @return false if it was not paused
     */
    boolean resume(@Nullable Target consumer) {
        synchronized (lock) {
            if (!paused) {
                return false;
            }
            paused = false;
            if (consumer != null) {
                apply(consumer, consumer.assignment(), false);
            }
            return true;
        }
    }

    /** Partitions were assigned: pauses them in the consumer if the container is paused. */
    void assigned(Target consumer, Collection<TopicPartition> partitions) {
        synchronized (lock) {
            if (paused) {
                apply(consumer, partitions, true);
            }
        }
    }

    private void apply(Target consumer, Collection<TopicPartition> partitions, boolean pause) {
        for (TopicPartition tp : partitions) {
            try {
                if (pause) {
                    consumer.pause(tp);
                } else {
                    consumer.resume(tp);
                }
            } catch (IllegalStateException e) {
                log.debug(
                        "Listener {}: {} was revoked before it could be {}",
                        listenerId,
                        tp,
                        pause ? "paused" : "resumed");
            }
        }
    }
}
