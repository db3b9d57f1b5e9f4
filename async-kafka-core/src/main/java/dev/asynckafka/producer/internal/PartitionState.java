package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/** One partition's batches and idempotence sequence state. Event loop only. */
final class PartitionState {
    final TopicPartition partition;
    /** Batches never sent, oldest first; only the last one may still take records. */
    final ArrayDeque<ProducerBatch> queue = new ArrayDeque<>();
    /** Batches to send again, in creation order (= sequence order); sent before {@link #queue}. */
    final PriorityQueue<ProducerBatch> retries = new PriorityQueue<>(Comparator.comparingLong(b -> b.id));

    int inFlight;
    /** The sequence the next fresh batch gets. */
    int nextSequence;
    /** The last sequence the broker acknowledged under the current epoch, or -1. */
    int lastAckedSequence = -1;

    PartitionState(TopicPartition partition) {
        this.partition = partition;
    }

    /** The batch the sender should look at next: a retry first, else the oldest unsent batch. */
    @Nullable
    ProducerBatch head() {
        ProducerBatch r = retries.peek();
        return r != null ? r : queue.peekFirst();
    }

    int queuedBatches() {
        return queue.size() + retries.size() + inFlight;
    }

    boolean isEmpty() {
        return queue.isEmpty() && retries.isEmpty() && inFlight == 0;
    }

    void resetSequences() {
        nextSequence = 0;
        lastAckedSequence = -1;
    }
}
