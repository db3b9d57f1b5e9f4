package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/** One partition's batches and idempotence sequence state. Event loop only. */
final class PartitionState {
    final TopicPartition partition;
    /** Batches never sent, oldest first; only the last one may still take records. */
    final ArrayDeque<ProducerBatch> queue = new ArrayDeque<>();
    /** Batches to send again, in creation order (= sequence order); sent before {@link #queue}. */
    final PriorityQueue<ProducerBatch> retries = new PriorityQueue<>(
            Comparator.<ProducerBatch>comparingLong(b -> b.id).thenComparingInt(b -> b.splitIndex));

    /**
     * Every batch created and not yet delivered, in creation (= send) order: futures of a partition
     * complete in this order, whatever order the outcomes are decided in.
     */
    final ArrayDeque<ProducerBatch> outstanding = new ArrayDeque<>();

    int inFlight;
    /** Producer id and epoch the partition's sequences belong to; -1 before the first batch. */
    long producerId = -1;

    short epoch = -1;
    /** The sequence the next fresh batch gets. */
    int nextSequence;
    /** The last sequence the broker acknowledged under the current epoch, or -1. */
    int lastAckedSequence = -1;
    /**
     * The last sequence of batches that failed under the current epoch and may or may not be in the
     * log, or -1. Resolved when a later sequence is acknowledged (then they are in the log);
     * otherwise the partition needs a new epoch before fresh batches can follow.
     */
    int unresolvedSequence = -1;
    /** Why the broker's sequence state no longer matches ours (it said so), or null. */
    @Nullable
    String resetReason;
    /** The last error an attempt of this partition got, for expiry messages. */
    @Nullable
    Throwable lastError;

    PartitionState(TopicPartition partition) {
        this.partition = partition;
    }

    /** Completes the futures of settled batches at the front of {@link #outstanding}. */
    void deliverSettled() {
        ProducerBatch b;
        while ((b = outstanding.peekFirst()) != null && b.done) {
            outstanding.pollFirst();
            b.deliver();
        }
    }

    /**
     * Puts the pieces of a split batch in its place in {@link #outstanding} and queues them for
     * sending, before every later batch of the partition.
     */
    void replaceSplit(ProducerBatch split, List<ProducerBatch> pieces) {
        List<ProducerBatch> order = new ArrayList<>(outstanding);
        outstanding.clear();
        for (ProducerBatch b : order) {
            if (b == split) {
                outstanding.addAll(pieces);
            } else {
                outstanding.addLast(b);
            }
        }
        retries.addAll(pieces);
    }

    /** Whether the partition's sequence state must be replaced before a fresh batch is stamped. */
    @Nullable
    String sequenceResetReason() {
        if (resetReason != null) {
            return resetReason;
        }
        if (unresolvedSequence >= 0) {
            return "a batch up to sequence " + unresolvedSequence + " failed and no later sequence was acknowledged"
                    + " (last acknowledged " + lastAckedSequence + "), so the broker may expect a sequence we"
                    + " no longer have";
        }
        return null;
    }

    /** Whether a batch waiting for a retry may already be in the log. */
    boolean hasRetryThatMayBeWritten() {
        for (ProducerBatch b : retries) {
            if (b.mayBeWritten && b.baseSequence >= 0) {
                return true;
            }
        }
        return false;
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

    /** Moves the partition to a new producer id or epoch: sequences restart at 0. */
    void startSequences(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
        nextSequence = 0;
        lastAckedSequence = -1;
        unresolvedSequence = -1;
        resetReason = null;
        for (ProducerBatch b : retries) {
            b.clearStamp();
        }
    }
}
