package dev.asynckafka.producer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.InvalidMetadataException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.message.ProduceRequest;
import dev.asynckafka.internal.protocol.message.ProduceResponse;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.ProducerOptions;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Drains ready batches into Produce requests, one request per broker per round, each carrying at
 * most one batch per partition led by that broker, and handles the responses: completion, retries
 * with backoff until {@code delivery.timeout.ms}, metadata refresh and re-routing on leader errors,
 * and the idempotent producer's sequence bookkeeping.
 *
 * <p>A batch is ready when it is full, its {@code linger.ms} passed, a flush or close is under way,
 * or it is a retry whose backoff passed. Per broker, at most {@code
 * max.in.flight.requests.per.connection} requests are outstanding. With idempotence, up to 5
 * batches of a partition are in flight; a batch to retry waits until none of its partition is in
 * flight and is resent with its original sequence, so order is kept.
 *
 * <p>Event loop only.
 */
final class Sender {
    /** Produce v13+ names topics by id only; v12 carries names and is what 3.x brokers speak too. */
    static final short MAX_PRODUCE_VERSION = 12;

    private final EventLoop loop;
    private final ProducerOptions options;
    private final ClientContext context;
    private final RecordAccumulator accumulator;
    private final ProducerStats stats;
    private final Backoff backoff;
    private final @Nullable ProducerIdManager ids;
    private final long lingerNanos;
    private final int maxInFlight;
    private final Map<Integer, Integer> nodeInFlight = new HashMap<>();
    private final Set<ProducerBatch> inFlightBatches = new LinkedHashSet<>();
    private int totalInFlight;
    private boolean drainScheduled;
    private @Nullable ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean metadataRefreshing;
    private long lastMetadataRefresh;
    private int flushing;
    private boolean closing;
    private boolean stopped;

    Sender(ClientContext context, ProducerOptions options, RecordAccumulator accumulator, ProducerStats stats) {
        this.loop = context.loop();
        this.options = options;
        this.context = context;
        this.accumulator = accumulator;
        this.stats = stats;
        this.backoff = context.retryBackoff();
        this.lingerNanos = options.linger().toNanos();
        this.maxInFlight = options.client().maxInFlightRequestsPerConnection();
        this.ids = options.enableIdempotence()
                ? new ProducerIdManager(
                        loop,
                        context.metadata(),
                        backoff,
                        options.deliveryTimeout().toNanos())
                : null;
    }

    /** Runs a drain soon (coalesced). Event loop only. */
    void wakeup() {
        Loops.assertInLoop(loop);
        if (!drainScheduled && !stopped) {
            drainScheduled = true;
            Loops.submit(loop, this::drain);
        }
    }

    void beginFlush() {
        flushing++;
        wakeup();
    }

    void endFlush() {
        flushing--;
    }

    /** From now on every batch is ready at once. */
    void beginClose() {
        closing = true;
        wakeup();
    }

    void track(FlushTracker flush) {
        for (ProducerBatch b : inFlightBatches) {
            b.track(flush);
        }
    }

    /** Stops sending and fails every batch in flight (their responses are ignored). */
    void stop(KafkaException cause) {
        stopped = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        for (ProducerBatch b : new ArrayList<>(inFlightBatches)) {
            fail(b, cause);
        }
    }

    private void drain() {
        drainScheduled = false;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        ProducerIdManager ids = this.ids;
        if (ids != null) {
            KafkaException fatal = ids.fatalError();
            if (fatal != null) {
                accumulator.abortAll(fatal);
                return;
            }
            if (!ids.hasProducerId() || (ids.bumpRequested() && totalInFlight == 0)) {
                expireAll(now);
                if (!ids.isRequesting()) {
                    long before = ids.producerId();
                    short beforeEpoch = ids.epoch();
                    ids.acquire(() -> {
                        if (ids.producerId() != before || ids.epoch() != beforeEpoch) {
                            resetSequences();
                        }
                        wakeup();
                    });
                }
                return;
            }
            if (ids.bumpRequested()) {
                // Wait for the requests in flight to come back before the epoch changes.
                expireAll(now);
                return;
            }
        }
        long nextWake = Long.MAX_VALUE;
        boolean needMetadata = false;
        ClusterSnapshot snapshot = context.metadata().snapshot();
        int maxRequestSize = options.maxRequestSize();
        while (true) {
            Map<Node, List<ProducerBatch>> perNode = new LinkedHashMap<>();
            Map<Integer, Integer> requestBytes = new HashMap<>();
            for (PartitionState ps : accumulator.partitions.values()) {
                expire(ps, now);
                ProducerBatch head = ps.head();
                if (head == null) {
                    continue;
                }
                if (head.retryNotBeforeNanos > now) {
                    nextWake = Math.min(nextWake, head.retryNotBeforeNanos);
                    continue;
                }
                boolean ready = head.attempts > 0
                        || ps.queue.size() > 1
                        || head.isFull()
                        || flushing > 0
                        || closing
                        || now - head.createdNanos >= lingerNanos;
                if (!ready) {
                    nextWake = Math.min(nextWake, head.createdNanos + lingerNanos);
                    continue;
                }
                Node leader = snapshot.leader(ps.partition);
                if (leader == null) {
                    needMetadata = true;
                    continue;
                }
                List<ProducerBatch> list = perNode.get(leader);
                if (list == null && nodeInFlight.getOrDefault(leader.id(), 0) >= maxInFlight) {
                    continue;
                }
                boolean isRetry = head == ps.retries.peek();
                if (ids != null) {
                    if (isRetry && ps.inFlight > 0) {
                        continue;
                    }
                    // Until the broker acknowledged a first batch of this producer epoch, one batch at a
                    // time: a broker without state for the producer accepts any first sequence, so a
                    // later batch overtaking a failed first one would leave a gap nothing can fill.
                    int limit = ps.lastAckedSequence < 0 ? 1 : ProducerOptions.MAX_IN_FLIGHT_FOR_IDEMPOTENCE;
                    if (!isRetry && ps.inFlight >= limit) {
                        continue;
                    }
                }
                int size = head.sizeInBytes();
                int used = requestBytes.getOrDefault(leader.id(), 0);
                if (list != null && used + size > maxRequestSize) {
                    continue;
                }
                if (isRetry) {
                    ps.retries.poll();
                } else {
                    ps.queue.pollFirst();
                }
                if (list == null) {
                    list = new ArrayList<>();
                    perNode.put(leader, list);
                }
                list.add(head);
                requestBytes.put(leader.id(), used + size);
            }
            if (perNode.isEmpty()) {
                break;
            }
            for (Map.Entry<Node, List<ProducerBatch>> e : perNode.entrySet()) {
                send(e.getKey(), e.getValue());
            }
            now = System.nanoTime();
        }
        if (needMetadata) {
            refreshMetadata();
        }
        if (nextWake != Long.MAX_VALUE) {
            scheduleAt(nextWake);
        }
    }

    private void send(Node node, List<ProducerBatch> batches) {
        Map<String, List<ProducerBatch>> byTopic = new LinkedHashMap<>();
        ProducerIdManager ids = this.ids;
        for (ProducerBatch b : batches) {
            PartitionState ps = accumulator.partitions.get(b.partition);
            if (ids != null && b.baseSequence < 0 && ps != null) {
                int seq = ps.nextSequence;
                ps.nextSequence = seq + b.recordCount();
                b.stamp(ids.producerId(), ids.epoch(), seq);
            }
            int size = b.encode().readableBytes();
            if (b.attempts == 0) {
                stats.recordBatch(size);
                accumulator.observeCompression(b.partition.topic(), b.compressionRatio());
            } else {
                stats.retries++;
            }
            b.inFlight = true;
            if (ps != null) {
                ps.inFlight++;
            }
            inFlightBatches.add(b);
            byTopic.computeIfAbsent(b.partition.topic(), t -> new ArrayList<>()).add(b);
        }
        List<ProduceRequest.TopicProduceData> topicData = new ArrayList<>(byTopic.size());
        for (Map.Entry<String, List<ProducerBatch>> e : byTopic.entrySet()) {
            List<ProduceRequest.PartitionProduceData> parts =
                    new ArrayList<>(e.getValue().size());
            for (ProducerBatch b : e.getValue()) {
                parts.add(new ProduceRequest.PartitionProduceData()
                        .setIndex(b.partition.partition())
                        .setRecords(b.encode()));
            }
            topicData.add(
                    new ProduceRequest.TopicProduceData().setName(e.getKey()).setPartitionData(parts));
        }
        ProduceRequest request = new ProduceRequest()
                .setTransactionalId(null)
                .setAcks(options.acks().wireValue())
                .setTimeoutMs((int) Math.min(
                        Integer.MAX_VALUE, options.client().requestTimeout().toMillis()))
                .setTopicData(topicData);
        nodeInFlight.merge(node.id(), 1, Integer::sum);
        totalInFlight++;
        stats.inFlightRequests = totalInFlight;
        long sentAt = System.nanoTime();
        boolean expectResponse = options.acks() != Acks.NONE;
        CompletableFuture<ProduceResponse> response;
        try {
            response = context.pool()
                    .connection(node, TrafficClass.PRODUCE)
                    .send(request, MAX_PRODUCE_VERSION, expectResponse);
        } catch (KafkaException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((r, e) -> onResponse(node, batches, r, e, sentAt));
    }

    private void onResponse(
            Node node,
            List<ProducerBatch> batches,
            @Nullable ProduceResponse response,
            @Nullable Throwable error,
            long sentAt) {
        nodeInFlight.merge(node.id(), -1, Integer::sum);
        totalInFlight--;
        stats.inFlightRequests = totalInFlight;
        stats.recordLatency(System.nanoTime() - sentAt);
        for (ProducerBatch b : batches) {
            b.inFlight = false;
            inFlightBatches.remove(b);
            PartitionState ps = accumulator.partitions.get(b.partition);
            if (ps != null) {
                ps.inFlight--;
            }
        }
        if (stopped) {
            return;
        }
        if (error != null) {
            Throwable cause = Retry.unwrap(error);
            boolean retriable = cause instanceof KafkaException ke && ke.isRetriable();
            for (ProducerBatch b : batches) {
                if (retriable) {
                    retry(b, cause);
                } else {
                    fail(b, cause);
                }
            }
            if (retriable) {
                refreshMetadata();
            }
        } else if (response == null) {
            for (ProducerBatch b : batches) {
                succeed(b, -1, -1);
            }
        } else {
            Map<TopicPartition, ProduceResponse.PartitionProduceResponse> results = new HashMap<>();
            for (ProduceResponse.TopicProduceResponse t : response.responses()) {
                for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                    results.put(new TopicPartition(t.name(), p.index()), p);
                }
            }
            for (ProducerBatch b : batches) {
                ProduceResponse.PartitionProduceResponse p = results.get(b.partition);
                if (p == null) {
                    retry(b, new KafkaException("The Produce response of " + node + " lacks partition " + b.partition));
                } else {
                    onPartitionResult(b, p);
                }
            }
        }
        wakeup();
    }

    private void onPartitionResult(ProducerBatch b, ProduceResponse.PartitionProduceResponse p) {
        ErrorCode code = ErrorCode.forCode(p.errorCode());
        if (code == ErrorCode.NONE) {
            succeed(b, p.baseOffset(), p.logAppendTimeMs());
            return;
        }
        String context = "Producing to " + b.partition;
        KafkaException error = code.exception(context, p.errorMessage());
        ProducerIdManager ids = this.ids;
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (ids != null && ps != null) {
            boolean currentEpoch = b.producerId == ids.producerId() && b.producerEpoch == ids.epoch();
            switch (code) {
                case DUPLICATE_SEQUENCE_NUMBER:
                    // The broker already has this batch (an earlier attempt got through): done, offset unknown.
                    succeed(b, -1, -1);
                    return;
                case OUT_OF_ORDER_SEQUENCE_NUMBER:
                    if (currentEpoch && b.baseSequence <= ps.lastAckedSequence + 1) {
                        // Every earlier batch is acknowledged (or a later one is), so waiting cannot help:
                        // the broker's sequence state for this partition no longer matches ours.
                        ids.requestBump("out-of-order sequence " + b.baseSequence + " on " + b.partition
                                + " (last acknowledged " + ps.lastAckedSequence + ")");
                    }
                    retry(b, error);
                    return;
                case UNKNOWN_PRODUCER_ID:
                    if (currentEpoch) {
                        ids.requestBump("the broker no longer knows the producer id (" + b.partition + ")");
                    }
                    retry(b, error);
                    return;
                case INVALID_PRODUCER_EPOCH:
                case PRODUCER_FENCED:
                    if (!currentEpoch) {
                        retry(b, error);
                        return;
                    }
                    fail(b, error);
                    return;
                default:
                    break;
            }
        }
        if (code.isRetriable()) {
            if (error instanceof InvalidMetadataException) {
                refreshMetadata();
            }
            retry(b, error);
        } else {
            fail(b, error);
        }
    }

    private void retry(ProducerBatch b, Throwable cause) {
        if (b.done) {
            return;
        }
        long now = System.nanoTime();
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (ps == null || now >= b.deadlineNanos || b.attempts >= options.retries()) {
            if (now >= b.deadlineNanos) {
                expire(b, cause);
            } else {
                fail(b, cause);
            }
            return;
        }
        b.attempts++;
        b.retryNotBeforeNanos = now + backoff.delayNanos(b.attempts);
        ProducerIdManager ids = this.ids;
        if (ids != null && (b.producerId != ids.producerId() || b.producerEpoch != ids.epoch())) {
            b.baseSequence = -1;
        }
        ps.retries.add(b);
    }

    /** Expires overdue batches while nothing can be sent, and wakes up again at the next deadline. */
    private void expireAll(long now) {
        long next = Long.MAX_VALUE;
        for (PartitionState ps : accumulator.partitions.values()) {
            expire(ps, now);
            ProducerBatch head = ps.head();
            if (head != null) {
                next = Math.min(next, head.deadlineNanos);
            }
        }
        if (next != Long.MAX_VALUE) {
            scheduleAt(next);
        }
    }

    /** Fails the partition's oldest batches that are past {@code delivery.timeout.ms}. */
    private void expire(PartitionState ps, long now) {
        ProducerBatch b;
        while ((b = ps.retries.peek()) != null && now >= b.deadlineNanos) {
            ps.retries.poll();
            expire(b, null);
        }
        while ((b = ps.queue.peekFirst()) != null && now >= b.deadlineNanos) {
            ps.queue.pollFirst();
            expire(b, null);
        }
    }

    private void expire(ProducerBatch b, @Nullable Throwable lastError) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - b.createdNanos);
        fail(
                b,
                new TimeoutException(
                        "Expiring " + b.recordCount() + " record(s) for " + b.partition + ": " + ms
                                + " ms has passed since batch creation (delivery.timeout.ms="
                                + options.deliveryTimeout().toMillis() + ")"
                                + (lastError == null ? "" : "; last error: " + lastError.getMessage()),
                        lastError));
    }

    private void succeed(ProducerBatch b, long baseOffset, long logAppendTime) {
        if (b.done) {
            return;
        }
        PartitionState ps = accumulator.partitions.get(b.partition);
        ProducerIdManager ids = this.ids;
        if (ids != null && ps != null && b.producerId == ids.producerId() && b.producerEpoch == ids.epoch()) {
            ps.lastAckedSequence = Math.max(ps.lastAckedSequence, b.baseSequence + b.recordCount() - 1);
        }
        stats.recordsSent += b.recordCount();
        // Free the buffer space first: whoever the completion wakes (a flush, a callback) then
        // sees it available.
        accumulator.release(b);
        b.complete(baseOffset, logAppendTime);
    }

    private void fail(ProducerBatch b, Throwable error) {
        if (b.done) {
            return;
        }
        ProducerIdManager ids = this.ids;
        if (ids != null && b.baseSequence >= 0 && !stopped) {
            // Its sequence may or may not be on the broker: later batches would hit a gap.
            ids.requestBump("a batch of " + b.partition + " with sequence " + b.baseSequence + " failed");
        }
        stats.recordErrors += b.recordCount();
        accumulator.release(b);
        b.fail(error);
    }

    private void resetSequences() {
        for (PartitionState ps : accumulator.partitions.values()) {
            ps.resetSequences();
            for (ProducerBatch b : ps.retries) {
                b.baseSequence = -1;
            }
        }
    }

    private void refreshMetadata() {
        if (metadataRefreshing) {
            return;
        }
        long now = System.nanoTime();
        long minGap = options.client().retryBackoff().toNanos();
        metadataRefreshing = true;
        long wait = lastMetadataRefresh + minGap - now;
        Runnable go = () -> {
            lastMetadataRefresh = System.nanoTime();
            context.metadata().refresh().whenComplete((s, e) -> {
                metadataRefreshing = false;
                wakeup();
            });
        };
        if (wait > 0) {
            loop.schedule(go, wait, TimeUnit.NANOSECONDS);
        } else {
            go.run();
        }
    }

    private void scheduleAt(long atNanos) {
        if (atNanos >= timerAt) {
            return;
        }
        ScheduledFuture<?> old = timer;
        if (old != null) {
            old.cancel(false);
        }
        timerAt = atNanos;
        timer = loop.schedule(
                () -> {
                    timer = null;
                    timerAt = Long.MAX_VALUE;
                    drain();
                },
                Math.max(1, atNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }
}
