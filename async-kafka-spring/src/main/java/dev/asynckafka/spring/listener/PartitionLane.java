package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

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
    /**
     * Transactional: a commit's outcome is unknown (or the producer was fenced), so the records
     * after the committed offset are read again: until then nothing is fetched or handed over and
     * fetched records are dropped.
     */
    boolean rewinding;

    private @Nullable CompletableFuture<Void> fetchIdle;

    /**
     * Work of an earlier lane of the same partition (revoked, or of a previous run) still in
     * progress: nothing is handed over until it completes, so one partition never has two records
     * in the listener at once.
     */
    private final @Nullable CompletableFuture<Void> predecessor;

    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    PartitionLane(TopicPartition partition, int capacity, @Nullable CompletableFuture<Void> predecessor) {
        this.partition = partition;
        this.capacity = capacity;
        this.predecessor = predecessor;
    }

    /** Whether an earlier lane of this partition still has work in progress. */
    boolean heldBack() {
        return predecessor != null && !predecessor.isDone();
    }

    /** How many more records the lane takes (0 when full). */
    int room() {
        return Math.max(0, capacity - queue.size() - (busy ? 1 : 0));
    }

    /**
     * Takes fetched records, in offset order, as many as there is {@link #room()} for: the lane
     * never holds more than its capacity.
     *
     * @return the offset of the first record not taken (the consumer must be sought back to it), or
     *     -1 when all were taken
     */
    long add(List<ConsumerRecord<byte[], byte[]>> records) {
        int room = room();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            if (i >= room) {
                return r.offset();
            }
            offsets.taken(r.offset());
            queue.addLast(r);
        }
        return -1;
    }

    /** Puts records handed over by {@link #next} back in front, untouched (their processing never began). */
    void putBack(List<ConsumerRecord<byte[], byte[]>> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            queue.addFirst(records.get(i));
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

    /** Completes (outside the lock) once no getMany for this lane is outstanding. */
    CompletableFuture<Void> whenNotFetching() {
        if (!fetching) {
            return CompletableFuture.completedFuture(null);
        }
        if (fetchIdle == null) {
            fetchIdle = new CompletableFuture<>();
        }
        return fetchIdle;
    }

    /** The lane's getMany is over; returns what {@link #whenNotFetching} handed out, to complete outside the lock. */
    @Nullable
    CompletableFuture<Void> fetchDone() {
        fetching = false;
        CompletableFuture<Void> f = fetchIdle;
        fetchIdle = null;
        return f;
    }

    /** Drops the records not yet handed over (they will be fetched again by whoever owns the partition). */
    void dropQueued() {
        queue.clear();
    }
}
