package dev.asynckafka.reactor.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.reactor.ReceiverOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One receiving session's acknowledgements and commits: an {@link AckTracker} per partition and
 * assignment, and commits of the contiguous acknowledged prefixes, one at a time so that a later
 * commit never lands before an earlier one.
 */
final class Committer {
    private final AsyncKafkaConsumer<?, ?> consumer;
    private final boolean grouped;
    private final int batchSize;
    private final Executor executor;

    // Guarded by this.
    private final Map<TopicPartition, AckTracker> trackers = new HashMap<>();
    private int acksSinceCommit;
    private CompletableFuture<Void> tail = Futures.DONE;

    Committer(AsyncKafkaConsumer<?, ?> consumer, boolean grouped, int batchSize, Executor executor) {
        this.consumer = consumer;
        this.grouped = grouped;
        this.batchSize = batchSize;
        this.executor = executor;
    }

    /** The record is being handed out: tracks it and returns its offset handle. */
    synchronized ReceiverOffset taken(ConsumerRecord<?, ?> record) {
        TopicPartition tp = record.topicPartition();
        AckTracker tracker = trackers.computeIfAbsent(tp, k -> new AckTracker());
        tracker.taken(record.offset());
        return new Offset(tp, record.offset(), tracker);
    }

    private void acknowledge(AckTracker tracker, long offset) {
        boolean commitNow;
        synchronized (this) {
            if (!tracker.acknowledged(offset)) {
                return;
            }
            commitNow = batchSize > 0 && ++acksSinceCommit >= batchSize;
            if (commitNow) {
                acksSinceCommit = 0;
            }
        }
        if (commitNow) {
            commit(null);
        }
    }

    /**
     * Commits the acknowledged prefixes of the partitions (all if null) after any commit under
     * way. Completes on the consumer's I/O loop; a failure leaves the offsets to the next commit.
     */
    CompletableFuture<Void> commit(@Nullable Set<TopicPartition> only) {
        if (!grouped) {
            return Futures.DONE;
        }
        synchronized (this) {
            CompletableFuture<Void> next = tail.handle((v, e) -> null).thenCompose(v -> commitNow(only));
            tail = next;
            return next;
        }
    }

    private CompletableFuture<Void> commitNow(@Nullable Set<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<AckTracker, Long> marks = new IdentityHashMap<>();
        synchronized (this) {
            trackers.forEach((tp, t) -> {
                if ((only == null || only.contains(tp)) && t.dirty()) {
                    offsets.put(tp, new OffsetAndMetadata(t.committable()));
                    marks.put(t, t.committable());
                }
            });
        }
        if (offsets.isEmpty()) {
            return Futures.DONE;
        }
        return consumer.commit(offsets).thenRun(() -> {
            synchronized (this) {
                marks.forEach(AckTracker::committed);
            }
        });
    }

    /** The partitions left this consumer: acknowledgements of records handed out before are ignored. */
    synchronized void retire(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            AckTracker t = trackers.remove(tp);
            if (t != null) {
                t.retire();
            }
        }
    }

    /** The session ended. */
    synchronized void retireAll() {
        retire(Set.copyOf(trackers.keySet()));
    }

    private final class Offset implements ReceiverOffset {
        private final TopicPartition partition;
        private final long offset;
        private final AckTracker tracker;

        Offset(TopicPartition partition, long offset, AckTracker tracker) {
            this.partition = partition;
            this.offset = offset;
            this.tracker = tracker;
        }

        @Override
        public TopicPartition topicPartition() {
            return partition;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public void acknowledge() {
            Committer.this.acknowledge(tracker, offset);
        }

        @Override
        public Mono<Void> commit() {
            return Mono.defer(() -> {
                if (!grouped) {
                    return Mono.error(new IllegalStateException("Offsets are committed to a group: set group.id"));
                }
                acknowledge();
                return Mono.fromFuture(Futures.hop(Committer.this.commit(null), executor));
            });
        }

        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }
}
