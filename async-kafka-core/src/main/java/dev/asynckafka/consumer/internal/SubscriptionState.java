package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The partitions a consumer is assigned and their {@link PartitionState}s, plus the byte count of
 * all prefetch buffers. Assignment order is kept: it is the round-robin order in which records are
 * handed out. Event loop only, except {@link #get(TopicPartition)}, {@link #metrics()} and {@link
 * #assignmentSnapshot()}, which read a concurrent view for gauges.
 *
 * <p>Built so that a group coordinator can drive it: {@link #assign} replaces the assignment,
 * keeping the state of partitions that stay; {@link #add} and {@link #remove} change it
 * incrementally; positions are read with {@link PartitionState#position()} and set with {@link
 * PartitionState#seek(long)}.
 */
final class SubscriptionState<K, V> {
    private final Map<TopicPartition, PartitionState<K, V>> partitions = new LinkedHashMap<>();
    private final Map<TopicPartition, PartitionState<K, V>> concurrentView = new ConcurrentHashMap<>();
    private final AutoOffsetReset defaultReset;
    private final int partitionBufferBytes;
    private final long totalBufferBytes;
    private List<TopicPartition> order = List.of();
    private long totalBuffered;
    /**
     * The generation a removed partition's state ended at. A state created when the partition comes
     * back starts past it, so that a fetch or decode still in flight for the old state can never
     * pass for one of the new state (an eager rebalance gives a member the same partitions back).
     */
    private final Map<TopicPartition, Integer> retiredGenerations = new HashMap<>();

    SubscriptionState(AutoOffsetReset defaultReset, int partitionBufferBytes, long totalBufferBytes) {
        this.defaultReset = defaultReset;
        this.partitionBufferBytes = partitionBufferBytes;
        this.totalBufferBytes = totalBufferBytes;
    }

    /**
     * Makes exactly these partitions the assignment. Partitions that stay keep position and buffer;
     * new ones wait for an offset reset with {@code auto.offset.reset}.
     *
     * @return the partitions removed
     */
    Set<TopicPartition> assign(Collection<TopicPartition> next) {
        Set<TopicPartition> wanted = new LinkedHashSet<>(next);
        Set<TopicPartition> removed = new LinkedHashSet<>();
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            if (!wanted.contains(tp)) {
                removed.add(tp);
            }
        }
        remove(removed);
        add(wanted);
        return removed;
    }

    /** Adds partitions (no-op for those already assigned). */
    void add(Collection<TopicPartition> added) {
        for (TopicPartition tp : added) {
            if (!partitions.containsKey(tp)) {
                PartitionState<K, V> ps = newState(tp);
                ps.requestReset(defaultReset);
                partitions.put(tp, ps);
                concurrentView.put(tp, ps);
            }
        }
        order = List.copyOf(partitions.keySet());
    }

    /**
     * Adds partitions with no position and no reset pending: they are not fetched until their
     * starting position is set (from a committed offset with {@link PartitionState#seek}, or by a
     * reset), as a group member does while it looks up committed offsets.
     */
    void addAwaiting(Collection<TopicPartition> added) {
        for (TopicPartition tp : added) {
            if (!partitions.containsKey(tp)) {
                PartitionState<K, V> ps = newState(tp);
                partitions.put(tp, ps);
                concurrentView.put(tp, ps);
            }
        }
        order = List.copyOf(partitions.keySet());
    }

    /** Removes partitions, dropping their buffers. */
    void remove(Collection<TopicPartition> removed) {
        for (TopicPartition tp : removed) {
            PartitionState<K, V> ps = partitions.remove(tp);
            if (ps != null) {
                concurrentView.remove(tp);
                ps.generation++;
                retiredGenerations.put(tp, ps.generation);
                release(ps.clearBuffer());
            }
        }
        order = List.copyOf(partitions.keySet());
    }

    private PartitionState<K, V> newState(TopicPartition tp) {
        PartitionState<K, V> ps = new PartitionState<>(tp);
        Integer retired = retiredGenerations.remove(tp);
        if (retired != null) {
            ps.generation = retired + 1;
        }
        return ps;
    }

    /** The assigned partition's state, or null; any thread (for watermark reads). */
    @Nullable
    PartitionState<K, V> get(TopicPartition tp) {
        return concurrentView.get(tp);
    }

    /** The assigned partition's state, or null; event loop. */
    @Nullable
    PartitionState<K, V> state(TopicPartition tp) {
        return partitions.get(tp);
    }

    boolean isAssigned(TopicPartition tp) {
        return partitions.containsKey(tp);
    }

    /** Assigned partitions in assignment order. */
    List<TopicPartition> order() {
        return order;
    }

    /** Every assigned partition's progress; any thread. */
    Map<TopicPartition, PartitionMetrics> metrics() {
        Map<TopicPartition, PartitionMetrics> out = new HashMap<>();
        concurrentView.forEach((tp, ps) -> out.put(tp, ps.metrics()));
        return out;
    }

    /** A snapshot of the assigned partitions; any thread. */
    Set<TopicPartition> assignmentSnapshot() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(concurrentView.keySet()));
    }

    Collection<PartitionState<K, V>> states() {
        return partitions.values();
    }

    AutoOffsetReset defaultReset() {
        return defaultReset;
    }

    /** Counts bytes that entered a partition buffer. */
    void buffered(PartitionState<K, V> ps, long bytes) {
        ps.bufferedBytes += bytes;
        totalBuffered += bytes;
    }

    /** Subtracts bytes that left a buffer (already subtracted from the partition's own count). */
    void release(long bytes) {
        totalBuffered -= bytes;
    }

    long totalBuffered() {
        return totalBuffered;
    }

    /**
     * Whether a partition goes into the next fetch: not paused, not failed, a valid position not
     * waiting for validation, no fetch under way for it, not backing off after an error, and room in its buffer and in the
     * consumer's total.
     */
    boolean isFetchable(PartitionState<K, V> ps, long nowNanos) {
        return !ps.paused
                && ps.error == null
                && ps.hasValidPosition()
                && !ps.awaitingValidation
                && !ps.fetchInFlight
                && ps.retryNotBeforeNanos - nowNanos <= 0
                && !hasErrorChunk(ps)
                && ps.bufferedBytes < partitionBufferBytes
                && totalBuffered < totalBufferBytes;
    }

    private static boolean hasErrorChunk(PartitionState<?, ?> ps) {
        for (Chunk<?, ?> c : ps.buffer) {
            if (c.hasError()) {
                return true;
            }
        }
        return false;
    }

    /** Partitions waiting for an offset reset that none is under way for. */
    List<PartitionState<K, V>> needingReset() {
        List<PartitionState<K, V>> out = new ArrayList<>();
        for (PartitionState<K, V> ps : partitions.values()) {
            if (ps.pendingReset != null && ps.pendingReset != AutoOffsetReset.NONE && !ps.resetInFlight) {
                out.add(ps);
            }
        }
        return out;
    }
}
