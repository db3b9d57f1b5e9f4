package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.MetadataManager;
import dev.asynckafka.internal.cluster.PartitionMetadata;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.producer.Partitioner;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.record.CompressionType;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Takes serialized records on the event loop and puts them into per-partition batches.
 *
 * <p>A record first waits, if needed, for its topic's metadata, then for buffer space ({@code
 * buffer.memory}); both waits are bounded by {@code max.block.ms} from {@code send}, after which
 * its future fails with a {@link TimeoutException}. Waiting records keep their arrival order. Then
 * the record's partition is chosen and it is appended to that partition's last open batch.
 *
 * <p>Event loop only.
 */
final class RecordAccumulator {
    private final EventLoop loop;
    private final ProducerOptions options;
    private final MetadataManager metadata;
    private final ProducerStats stats;
    private final Backoff metadataBackoff;
    private final Runnable wakeSender;
    private final long maxBlockNanos;
    private final Map<String, TopicState> topics = new HashMap<>();
    final Map<TopicPartition, PartitionState> partitions = new LinkedHashMap<>();
    private final ArrayDeque<PendingRecord> bufferWaiters = new ArrayDeque<>();
    private long bufferUsed;
    private long nextBatchId;
    private @Nullable ScheduledFuture<?> waiterTimer;
    private long waiterTimerAt = Long.MAX_VALUE;
    private @Nullable KafkaException closedCause;

    RecordAccumulator(
            EventLoop loop,
            ProducerOptions options,
            MetadataManager metadata,
            ProducerStats stats,
            Runnable wakeSender) {
        this.loop = loop;
        this.options = options;
        this.metadata = metadata;
        this.stats = stats;
        this.wakeSender = wakeSender;
        this.metadataBackoff =
                new Backoff(options.client().retryBackoff(), options.client().retryBackoffMax());
        this.maxBlockNanos = options.maxBlock().toNanos();
        stats.bufferTotal = options.bufferMemory();
        stats.bufferAvailable = options.bufferMemory();
    }

    /** Accepts a record handed over by {@code send}. */
    void add(PendingRecord r) {
        Loops.assertInLoop(loop);
        KafkaException closed = closedCause;
        if (closed != null) {
            r.future.completeExceptionally(closed);
            return;
        }
        TopicState t = topics.computeIfAbsent(r.topic, TopicState::new);
        if (!t.waiting.isEmpty() || usableTopic(t.name) == null) {
            t.waiting.add(r);
            armWaiterTimer(r.createdNanos + maxBlockNanos);
            awaitMetadata(t);
            return;
        }
        toBuffer(r);
    }

    /** The topic's metadata if it can take records now. */
    private @Nullable TopicMetadata usableTopic(String topic) {
        TopicMetadata tm = metadata.snapshot().topic(topic);
        return tm != null && tm.error() == ErrorCode.NONE && !tm.partitions().isEmpty() ? tm : null;
    }

    private void awaitMetadata(TopicState t) {
        if (t.metadataPending) {
            return;
        }
        t.metadataPending = true;
        CompletableFuture<ClusterSnapshot> f =
                t.lookups == 0 ? metadata.addTopics(List.of(t.name)) : metadata.refresh();
        t.lookups++;
        f.whenComplete((s, e) -> {
            t.metadataPending = false;
            if (e != null && Retry.unwrap(e) instanceof AuthenticationException auth) {
                // The credentials were refused: waiting until max.block.ms cannot help.
                PendingRecord r;
                while ((r = t.waiting.poll()) != null) {
                    fail(r, auth);
                }
                return;
            }
            onTopicMetadata(t);
        });
    }

    private void onTopicMetadata(TopicState t) {
        if (t.waiting.isEmpty()) {
            return;
        }
        TopicMetadata tm = metadata.snapshot().topic(t.name);
        if (tm != null
                && tm.error() != ErrorCode.NONE
                && !tm.error().isRetriable()
                && tm.error() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            KafkaException error = tm.error().exception("Topic " + t.name);
            PendingRecord r;
            while ((r = t.waiting.poll()) != null) {
                fail(r, error);
            }
            return;
        }
        if (usableTopic(t.name) == null) {
            long delay = metadataBackoff.delayNanos(t.lookups);
            loop.schedule(() -> awaitMetadata(t), Math.max(1, delay), TimeUnit.NANOSECONDS);
            return;
        }
        PendingRecord r;
        while ((r = t.waiting.poll()) != null) {
            toBuffer(r);
        }
    }

    private void toBuffer(PendingRecord r) {
        if (!bufferWaiters.isEmpty() || bufferUsed + r.sizeInBytes > options.bufferMemory()) {
            bufferWaiters.add(r);
            stats.waitingForBuffer = bufferWaiters.size();
            armWaiterTimer(r.createdNanos + maxBlockNanos);
            return;
        }
        append(r);
    }

    /** Returns buffer space of a finished batch and lets waiting records in. */
    void release(ProducerBatch batch) {
        bufferUsed -= batch.reservedBytes;
        batch.reservedBytes = 0;
        stats.bufferAvailable = options.bufferMemory() - bufferUsed;
        PendingRecord r;
        while ((r = bufferWaiters.peek()) != null && bufferUsed + r.sizeInBytes <= options.bufferMemory()) {
            bufferWaiters.poll();
            if (!r.future.isDone()) {
                append(r);
            } else {
                r.handOverFlushes(null);
            }
        }
        stats.waitingForBuffer = bufferWaiters.size();
    }

    private void append(PendingRecord r) {
        TopicMetadata tm = usableTopic(r.topic);
        if (tm == null) {
            // Metadata went away between the wait and now (topic deleted): wait again.
            TopicState t = topics.computeIfAbsent(r.topic, TopicState::new);
            t.waiting.addFirst(r);
            awaitMetadata(t);
            return;
        }
        int numPartitions = tm.partitions().size();
        int partition;
        try {
            partition = choosePartition(r, tm, numPartitions);
        } catch (RuntimeException e) {
            fail(r, e instanceof KafkaException ke ? ke : new KafkaException("Partitioner failed: " + e, e));
            return;
        }
        TopicPartition tp = new TopicPartition(r.topic, partition);
        PartitionState ps = partitions.computeIfAbsent(tp, PartitionState::new);
        ProducerBatch last = ps.queue.peekLast();
        boolean newBatch = false;
        if (last == null || !last.tryAppend(r)) {
            newBatch = last != null;
            last = new ProducerBatch(
                    nextBatchId++,
                    tp,
                    RecordBatchBuilder.create(options.compressionType(), writeLimit(r.topic)),
                    writeLimit(r.topic),
                    loop.ticker().nanoTime(),
                    options.deliveryTimeout().toNanos());
            if (!last.tryAppend(r)) {
                fail(r, new KafkaException("An empty batch refused a record of " + r.sizeInBytes + " bytes"));
                return;
            }
            ps.queue.addLast(last);
            ps.outstanding.addLast(last);
        }
        r.handOverFlushes(last);
        bufferUsed += r.sizeInBytes;
        stats.bufferAvailable = options.bufferMemory() - bufferUsed;
        TopicState t = topics.get(r.topic);
        if (t != null && t.stickyPartition == partition) {
            t.stickyBytes += r.sizeInBytes;
        }
        if (newBatch || last.isFull()) {
            wakeSender.run();
        } else if (last.recordCount() == 1) {
            wakeSender.run();
        }
    }

    /**
     * The uncompressed size a new batch of the topic may grow to: {@code batch.size} divided by the
     * compression ratio observed on the topic's recent batches, so that compressed batches come out
     * near {@code batch.size} (the codec compresses only when the batch is closed). Never below
     * {@code batch.size}, and at most half of {@code max.request.size} (and ten times {@code batch.size}),
     * so that a batch of data that suddenly stops compressing still fits a request.
     */
    private int writeLimit(String topic) {
        int batchSize = options.batchSize();
        TopicState t = topics.get(topic);
        if (options.compressionType() == CompressionType.NONE || t == null) {
            return batchSize;
        }
        long scaled = (long) (batchSize / Math.max(0.01, t.compressionRatio));
        long cap = Math.min(10L * batchSize, options.maxRequestSize() / 2);
        return (int) Math.max(batchSize, Math.min(scaled, cap));
    }

    /** Learns from a batch just encoded how well the topic's records compress. */
    void observeCompression(String topic, double ratio) {
        TopicState t = topics.get(topic);
        if (t != null && options.compressionType() != CompressionType.NONE) {
            // Quick to notice worse compression, slow to trust better.
            double weight = ratio > t.compressionRatio ? 0.5 : 0.1;
            t.compressionRatio += weight * (ratio - t.compressionRatio);
        }
    }

    private int choosePartition(PendingRecord r, TopicMetadata tm, int numPartitions) {
        if (r.partition >= 0) {
            if (r.partition >= numPartitions) {
                throw new KafkaException("Partition " + r.partition + " of topic " + r.topic
                        + " does not exist: the topic has " + numPartitions + " partitions");
            }
            return r.partition;
        }
        Partitioner custom = options.partitioner();
        if (custom != null) {
            int p = custom.partition(r.topic, r.key, r.keyBytes, r.value, r.valueBytes, numPartitions);
            if (p != Partitioner.UNASSIGNED) {
                if (p < 0 || p >= numPartitions) {
                    throw new KafkaException("Partitioner " + custom.getClass().getName() + " returned partition " + p
                            + " for topic " + r.topic + " with " + numPartitions + " partitions");
                }
                return p;
            }
        }
        byte[] keyBytes = r.keyBytes;
        if (keyBytes != null && !options.partitionerIgnoreKeys()) {
            return Partitioner.partitionForKey(keyBytes, numPartitions);
        }
        return stickyPartition(topics.computeIfAbsent(r.topic, TopicState::new), tm);
    }

    /**
     * Keyless records: stick to one partition until about {@code batch.size} bytes went there, then
     * switch, preferring partitions with a leader and short queues (uniform sticky, load-aware).
     */
    private int stickyPartition(TopicState t, TopicMetadata tm) {
        int n = tm.partitions().size();
        if (t.stickyPartition >= 0 && t.stickyPartition < n && t.stickyBytes < Math.max(1, options.batchSize())) {
            return t.stickyPartition;
        }
        ClusterSnapshot snapshot = metadata.snapshot();
        List<Integer> available = new ArrayList<>(n);
        int maxQueue = 0;
        for (PartitionMetadata p : tm.partitions()) {
            if (snapshot.leader(p.partition()) != null) {
                available.add(p.partition().partition());
                PartitionState ps = partitions.get(p.partition());
                maxQueue = Math.max(maxQueue, ps == null ? 0 : ps.queuedBatches());
            }
        }
        int chosen;
        if (available.isEmpty()) {
            chosen = ThreadLocalRandom.current().nextInt(n);
        } else {
            long[] cumulative = new long[available.size()];
            long total = 0;
            for (int i = 0; i < available.size(); i++) {
                PartitionState ps = partitions.get(new TopicPartition(t.name, available.get(i)));
                total += maxQueue + 1 - (ps == null ? 0 : ps.queuedBatches());
                cumulative[i] = total;
            }
            long pick = ThreadLocalRandom.current().nextLong(total);
            int i = 0;
            while (cumulative[i] <= pick) {
                i++;
            }
            chosen = available.get(i);
        }
        t.stickyPartition = chosen;
        t.stickyBytes = 0;
        return chosen;
    }

    private void armWaiterTimer(long atNanos) {
        if (atNanos >= waiterTimerAt) {
            return;
        }
        ScheduledFuture<?> old = waiterTimer;
        if (old != null) {
            old.cancel(false);
        }
        waiterTimerAt = atNanos;
        waiterTimer = loop.schedule(
                this::expireWaiters, Math.max(1, atNanos - loop.ticker().nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Fails waiting records whose {@code max.block.ms} passed. */
    private void expireWaiters() {
        waiterTimer = null;
        waiterTimerAt = Long.MAX_VALUE;
        long now = loop.ticker().nanoTime();
        long next = Long.MAX_VALUE;
        for (TopicState t : topics.values()) {
            PendingRecord r;
            while ((r = t.waiting.peek()) != null && now - r.createdNanos >= maxBlockNanos) {
                t.waiting.poll();
                fail(
                        r,
                        new TimeoutException("Topic " + t.name + " not present in metadata after "
                                + options.maxBlock().toMillis() + " ms (max.block.ms)"));
            }
            if (r != null) {
                next = Math.min(next, r.createdNanos + maxBlockNanos);
            }
        }
        PendingRecord r;
        while ((r = bufferWaiters.peek()) != null && now - r.createdNanos >= maxBlockNanos) {
            bufferWaiters.poll();
            fail(
                    r,
                    new TimeoutException("Failed to allocate " + r.sizeInBytes + " bytes within the configured"
                            + " max blocking time " + options.maxBlock().toMillis() + " ms: buffer.memory ("
                            + options.bufferMemory() + " bytes) is full of records not yet acknowledged"));
        }
        if (r != null) {
            next = Math.min(next, r.createdNanos + maxBlockNanos);
        }
        stats.waitingForBuffer = bufferWaiters.size();
        if (next != Long.MAX_VALUE) {
            armWaiterTimer(next);
        }
    }

    private void fail(PendingRecord r, Throwable error) {
        stats.recordErrors++;
        r.future.completeExceptionally(error);
        r.handOverFlushes(null);
    }

    /** Makes the flush wait for every record and batch not yet done. */
    void track(FlushTracker flush) {
        for (TopicState t : topics.values()) {
            for (PendingRecord r : t.waiting) {
                track(r, flush);
            }
        }
        for (PendingRecord r : bufferWaiters) {
            track(r, flush);
        }
        for (PartitionState ps : partitions.values()) {
            for (ProducerBatch b : ps.queue) {
                b.track(flush);
            }
            for (ProducerBatch b : ps.retries) {
                b.track(flush);
            }
        }
    }

    private static void track(PendingRecord r, FlushTracker flush) {
        // Not a callback on the record's future: the flush must complete after the application's
        // own callbacks on that future ran, and callbacks run newest first.
        r.track(flush);
    }

    /** New records are refused from now on. */
    void close(KafkaException cause) {
        closedCause = cause;
    }

    /** Fails every record not yet in flight and refuses new ones. */
    void abortAll(KafkaException cause) {
        closedCause = cause;
        abortUnsent(cause);
    }

    /**
     * Fails every record not yet in flight (a transaction is aborted); new records are still taken.
     *
     * @return whether a failed batch carried a sequence, so that the broker may have it or expect it
     */
    boolean abortUnsent(KafkaException cause) {
        boolean stamped = false;
        for (PartitionState ps : partitions.values()) {
            for (ProducerBatch b : ps.retries) {
                stamped |= b.baseSequence >= 0;
            }
        }
        for (TopicState t : topics.values()) {
            PendingRecord r;
            while ((r = t.waiting.poll()) != null) {
                fail(r, cause);
            }
        }
        PendingRecord r;
        while ((r = bufferWaiters.poll()) != null) {
            fail(r, cause);
        }
        for (PartitionState ps : partitions.values()) {
            abort(ps.queue, cause);
            abort(ps.retries, cause);
            ps.deliverSettled();
        }
        ScheduledFuture<?> timer = waiterTimer;
        if (timer != null) {
            timer.cancel(false);
            waiterTimer = null;
            waiterTimerAt = Long.MAX_VALUE;
        }
        return stamped;
    }

    private void abort(Collection<ProducerBatch> batches, KafkaException cause) {
        for (ProducerBatch b : batches) {
            stats.recordErrors += b.recordCount();
            b.settleFailure(cause);
            release(b);
        }
        batches.clear();
    }

    private static final class TopicState {
        final String name;
        final ArrayDeque<PendingRecord> waiting = new ArrayDeque<>();
        boolean metadataPending;
        int lookups;
        int stickyPartition = -1;
        long stickyBytes;
        double compressionRatio = 1.0;

        TopicState(String name) {
            this.name = name;
        }
    }
}
