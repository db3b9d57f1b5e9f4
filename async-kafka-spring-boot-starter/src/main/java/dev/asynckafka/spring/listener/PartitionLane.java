package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One assigned partition of a container: the records taken from the consumer and not yet handed
 * to the listener, the one record (or batch) in progress, and the offsets done. Records are handed
 * over strictly in offset order, one record or batch at a time. Not thread-safe: every field is
 * guarded by the owning container's lock.
 */
final class PartitionLane {
    final TopicPartition partition;
    private final int capacity;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
    final OffsetTracker offsets = new OffsetTracker();
    /** A getMany for this partition is outstanding. */
    boolean fetching;
    /** Records are being processed (including retries and the error handler). */
    boolean busy;
    /** How many records are being processed (a batch counts each record). */
    private int inProgress;
    /** Revocation or stop has begun: nothing new is taken or handed over. */
    boolean draining;
    /** The lane is gone: in-flight retries give up and nothing it does counts any more. */
    boolean closed;

    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    PartitionLane(TopicPartition partition, int capacity) {
        this.partition = partition;
        this.capacity = capacity;
    }

    /** How many more records the lane takes (0 when full). */
    int room() {
        return Math.max(0, capacity - queue.size() - (busy ? 1 : 0));
    }

    /** Takes fetched records, in offset order. */
    void add(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.taken(r.offset());
            queue.addLast(r);
        }
    }

    /** Records waiting for the listener. */
    int queued() {
        return queue.size();
    }

    /** Records taken from the consumer and not done yet: waiting, plus those in progress. */
    int pending() {
        return queue.size() + inProgress;
    }

    /** Hands over the next record or batch (up to {@code max}) and marks the lane busy; empty if none. */
    List<ConsumerRecord<byte[], byte[]>> next(int max) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(Math.min(max, queue.size()));
        while (out.size() < max && !queue.isEmpty()) {
            out.add(queue.pollFirst());
        }
        if (!out.isEmpty()) {
            busy = true;
            inProgress = out.size();
            idle = new CompletableFuture<>();
        }
        return out;
    }

    /** The records in progress are over (done, or given up); completes {@link #idle()}. */
    CompletableFuture<Void> finished() {
        busy = false;
        inProgress = 0;
        return idle;
    }

    /** Completes when nothing is in progress. */
    CompletableFuture<Void> idle() {
        return idle;
    }

    /** Drops the records not yet handed over (they will be fetched again by whoever owns the partition). */
    void dropQueued() {
        queue.clear();
    }
}
