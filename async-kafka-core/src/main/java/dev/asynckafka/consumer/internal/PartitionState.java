package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.LogTruncationException;
import dev.asynckafka.errors.NoOffsetForPartitionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One assigned partition: its positions, its prefetch buffer, pause flag, pending reset and sticky
 * error. Mutated only on the consumer's event loop (single writer); the fields {@link
 * #metrics()} reads are volatile so that gauges may read them from any thread. They change per
 * fetched chunk or per {@link #take}, never per record.
 *
 * <p>Two positions: {@link #fetchPosition} is where the next fetch starts (past everything
 * buffered); {@link #position()} is the offset of the next record the application gets.
 */
final class PartitionState<K, V> {
    final TopicPartition partition;

    /** Bumped by every seek, reset and unassignment: fetches and decodes of an older generation are dropped. */
    int generation;

    long fetchPosition = -1;
    private volatile long consumedPosition = -1;
    /**
     * The leader epoch of the last batch before {@link #fetchPosition} (sent as the Fetch request's
     * {@code LastFetchedEpoch}, so the leader reports a divergence), or -1 when unknown.
     */
    int fetchEpoch = -1;
    /** The leader epoch of the record before {@link #position()} (committed with it), or -1. */
    private volatile int consumedEpoch = -1;
    /**
     * The position's epoch must be checked with OffsetForLeaderEpoch before the next fetch: the
     * leader changed, or the position came from a committed offset with an epoch (KIP-320).
     */
    boolean awaitingValidation;

    boolean validationInFlight;
    /** The partition's leader epoch in the metadata when it was last fetched, or -1. */
    int knownLeaderEpoch = -1;
    /** Set while the partition has no valid position and waits for an offset reset with this strategy. */
    @Nullable
    AutoOffsetReset pendingReset;

    boolean resetInFlight;
    boolean paused;
    boolean fetchInFlight;
    /** A failed partition is not fetched until the application seeks it. */
    @Nullable
    KafkaException error;

    long retryNotBeforeNanos;
    /**
     * Consecutive attempts that found no metadata or no leader for the partition (or that the
     * leader refused as unknown); the retry backoff grows with them. Reset by data and by a seek.
     */
    int metadataFailures;
    /** When the partition's topic was first found missing from the metadata in a row, or -1. */
    long topicMissingSinceNanos = -1;

    int preferredReadReplica = -1;
    long preferredReplicaExpiryNanos;

    final ArrayDeque<Chunk<K, V>> buffer = new ArrayDeque<>();
    volatile long bufferedBytes;
    /** Decoded records in {@link #buffer} not yet handed out. */
    volatile int bufferedRecords;
    /** The last offset known to be committed to the group for this partition, or -1. */
    volatile long committedOffset = -1;

    volatile long highWatermark = -1;
    volatile long lastStableOffset = -1;
    volatile long logStartOffset = -1;

    final List<CompletableFuture<Long>> positionWaiters = new ArrayList<>();

    PartitionState(TopicPartition partition) {
        this.partition = partition;
    }

    /** Whether the partition has a position to fetch from. */
    boolean hasValidPosition() {
        return pendingReset == null && fetchPosition >= 0;
    }

    /** The offset of the next record the application gets, or -1 while unknown. */
    long position() {
        return pendingReset == null ? consumedPosition : -1;
    }

    /** The leader epoch of the record before {@link #position()}, or -1 when unknown. */
    int consumedEpoch() {
        return consumedEpoch;
    }

    /** Moves both positions, dropping everything buffered; returns the bytes released. */
    long seek(long offset) {
        return seek(offset, -1, false);
    }

    /**
     * Moves both positions to an offset whose preceding record has the given leader epoch (-1 if
     * unknown), dropping everything buffered; with {@code validate} and a known epoch, the position
     * is checked against the leader's log before the next fetch.
     *
     * @return the bytes released
     */
    long seek(long offset, int epoch, boolean validate) {
        generation++;
        pendingReset = null;
        resetInFlight = false;
        fetchPosition = offset;
        consumedPosition = offset;
        fetchEpoch = epoch;
        consumedEpoch = epoch;
        awaitingValidation = validate && epoch >= 0;
        validationInFlight = false;
        error = null;
        fetchInFlight = false;
        retryNotBeforeNanos = 0;
        metadataFailures = 0;
        topicMissingSinceNanos = -1;
        return clearBuffer();
    }

    /** Forgets the position: the next fetch waits for a reset with the given strategy. */
    long requestReset(AutoOffsetReset strategy) {
        generation++;
        pendingReset = strategy;
        resetInFlight = false;
        fetchPosition = -1;
        consumedPosition = -1;
        fetchEpoch = -1;
        consumedEpoch = -1;
        awaitingValidation = false;
        validationInFlight = false;
        error = strategy == AutoOffsetReset.NONE ? new NoOffsetForPartitionException(Set.of(partition)) : null;
        fetchInFlight = false;
        return clearBuffer();
    }

    long clearBuffer() {
        long released = bufferedBytes;
        buffer.clear();
        bufferedBytes = 0;
        bufferedRecords = 0;
        return released;
    }

    /** Whether records are ready to hand out or an error waits at the head. */
    boolean hasAvailable() {
        Chunk<K, V> head = buffer.peekFirst();
        if (head == null) {
            return error != null;
        }
        return head.remaining() > 0 || head.errorAtHead() != null;
    }

    /** The error the application gets next from this partition, if its records before it are handed out. */
    @Nullable
    KafkaException errorAtHead() {
        Chunk<K, V> head = buffer.peekFirst();
        return head == null ? error : head.errorAtHead();
    }

    /**
     * Moves up to {@code n} records into {@code out}, advancing the position.
     *
     * @return the buffered bytes released
     */
    long take(int n, List<ConsumerRecord<K, V>> out) {
        long released = 0;
        int left = n;
        int start = out.size();
        while (left > 0) {
            Chunk<K, V> head = buffer.peekFirst();
            if (head == null || head.remaining() == 0) {
                break;
            }
            int before = out.size();
            long taken = head.take(left, out);
            bufferedBytes -= taken;
            released += taken;
            left -= out.size() - before;
            consumedPosition = head.lastTakenOffset() + 1;
            consumedEpoch = head.lastTakenEpoch();
            released += dropDrainedHead();
        }
        bufferedRecords -= out.size() - start;
        return released;
    }

    /** Counts the records of a chunk that was just decoded; call after {@link Chunk#decoded}. */
    void decoded(Chunk<K, V> chunk) {
        bufferedRecords += chunk.remaining();
    }

    /**
     * The partition's progress for {@link dev.asynckafka.consumer.ConsumerMetrics}; any thread.
     * The position reads -1 while a reset is pending because every reset sets it to -1.
     */
    PartitionMetrics metrics() {
        return new PartitionMetrics(consumedPosition, highWatermark, committedOffset, bufferedRecords, bufferedBytes);
    }

    /**
     * Drops decoded chunks at the head that have nothing left to hand out (all filtered, control
     * batches, or fully taken), moving the position past them. An error chunk stays at the head
     * and puts the position at the failed offset.
     *
     * @return the bytes released, already subtracted from {@link #bufferedBytes} (the caller
     *     subtracts them from the consumer's total)
     */
    long dropDrainedHead() {
        long released = 0;
        Chunk<K, V> head;
        while ((head = buffer.peekFirst()) != null && head.isDecoded() && head.remaining() == 0) {
            if (head.hasError()) {
                consumedPosition = head.errorOffset();
                break;
            }
            buffer.pollFirst();
            released += head.remainingBytes;
            bufferedBytes -= head.remainingBytes;
            head.remainingBytes = 0;
            consumedPosition = head.nextOffset;
            consumedEpoch = head.lastEpoch;
        }
        return released;
    }

    /**
     * Applies the leader's answer about the position's epoch (a Fetch response's diverging epoch
     * or an OffsetForLeaderEpoch result); see {@link Divergence}. On a truncation the position
     * moves to the divergence point, or, with {@code auto.offset.reset=none}, the partition fails
     * with a {@link LogTruncationException} until the application seeks it; either way nothing
     * fetched from the diverged part of the log stays buffered. The caller releases {@code
     * bufferedBytes} lost and logs.
     */
    Divergence.Decision onEpochEnd(int endEpoch, long endOffset, AutoOffsetReset policy) {
        awaitingValidation = false;
        validationInFlight = false;
        Divergence.Decision d = Divergence.decide(fetchPosition, consumedPosition, endEpoch, endOffset);
        switch (d.kind()) {
            case VALID -> fetchEpoch = Math.min(fetchEpoch, d.epoch());
            case REFETCH -> {
                generation++;
                clearBuffer();
                fetchInFlight = false;
                fetchPosition = d.offset();
                fetchEpoch = d.epoch();
            }
            case TRUNCATED, UNKNOWN -> {
                if (policy == AutoOffsetReset.NONE) {
                    long position = consumedPosition;
                    generation++;
                    clearBuffer();
                    fetchInFlight = false;
                    fetchPosition = position;
                    error = new LogTruncationException(
                            "Partition " + partition + ": the leader's log diverged from what the consumer fetched"
                                    + (d.kind() == Divergence.Kind.TRUNCATED
                                            ? " from offset " + d.offset() + " (leader epoch " + d.epoch() + ")"
                                            : " (the leader knows no epoch at or before " + fetchEpoch + ")")
                                    + " and the position " + position
                                    + " is past it; auto.offset.reset is none: seek the partition to go on",
                            Map.of(partition, position),
                            d.kind() == Divergence.Kind.TRUNCATED ? Map.of(partition, d.offset()) : Map.of());
                } else if (d.kind() == Divergence.Kind.TRUNCATED) {
                    seek(d.offset(), d.epoch(), false);
                } else {
                    requestReset(policy);
                }
            }
        }
        return d;
    }

    /** Releases bytes counted in {@link #bufferedBytes} outside {@link #take}. */
    void release(long bytes) {
        bufferedBytes -= bytes;
    }
}
