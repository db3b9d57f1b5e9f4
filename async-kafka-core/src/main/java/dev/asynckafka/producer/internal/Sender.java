package dev.asynckafka.producer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ConcurrentTransactionsException;
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
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Idempotence (KIP-360): each partition's sequences belong to a producer id and epoch of its own.
 * A batch gets its sequence when first sent and keeps it: a batch whose attempt ended without an
 * answer may be in the log, and is only ever resent under its original stamp, which the broker
 * recognises as a duplicate. When a stamped batch fails for good (expired, rejected), the
 * partition's sequences are unresolved: a later acknowledged sequence proves the failed batch is in
 * the log; otherwise, once nothing of the partition is in flight and no batch that may be in the
 * log waits for a retry, the partition moves to a new epoch of the same producer id and restarts at
 * sequence 0 (batches known not to be in the log are stamped anew). Until then, only that
 * partition's fresh batches wait; other partitions, and other brokers, are not held up. Late
 * copies of old-epoch batches are rejected by the broker once the new epoch reached the partition.
 *
 * <p>Completion order: the futures of one partition complete in send order, also when batches
 * expire or fail while earlier ones are still in flight (those complete first).
 *
 * <p>Event loop only.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    /** The least time between two log lines about the same partition's expiries or epoch bumps. */
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Produce v13+ names topics by id only; v12 carries names and is what 3.x brokers speak too. */
    static final short MAX_PRODUCE_VERSION = 12;

    private final EventLoop loop;
    private final ProducerOptions options;
    private final ClientContext context;
    private final RecordAccumulator accumulator;
    private final ProducerStats stats;
    private final Backoff backoff;
    /**
     * TV2: the first Produce of a transaction to a partition whose previous transaction's markers
     * are still being written meets {@code CONCURRENT_TRANSACTIONS} for a few milliseconds; a short
     * first backoff keeps back-to-back transactions from waiting {@code retry.backoff.ms} each.
     */
    private final Backoff concurrentTransactionsBackoff;

    private final @Nullable ProducerIdManager ids;
    /** The transactional producer's identity and state; then {@link #ids} is null. */
    private final @Nullable TransactionManager txn;

    private final long lingerNanos;
    private final int maxInFlight;
    private final Map<Integer, Integer> nodeInFlight = new HashMap<>();
    private final Set<ProducerBatch> inFlightBatches = new LinkedHashSet<>();
    private int totalInFlight;
    private boolean drainScheduled;
    private @Nullable ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean metadataRefreshing;
    /** When the last metadata refresh went out; far in the past at first, so the first one goes at once. */
    private long lastMetadataRefresh = Long.MIN_VALUE / 2;

    private int flushing;
    private boolean closing;
    private boolean stopped;
    private final ExpiryLog expiryLog;
    private final LogLimiter splitLog = new LogLimiter(LOG_INTERVAL_NANOS, System::nanoTime);

    Sender(
            ClientContext context,
            ProducerOptions options,
            RecordAccumulator accumulator,
            ProducerStats stats,
            @Nullable TransactionManager txn) {
        this.loop = context.loop();
        this.options = options;
        this.context = context;
        this.accumulator = accumulator;
        this.stats = stats;
        this.backoff = context.retryBackoff();
        this.concurrentTransactionsBackoff =
                new Backoff(Duration.ofMillis(20), options.client().retryBackoffMax());
        this.lingerNanos = options.linger().toNanos();
        this.maxInFlight = options.client().maxInFlightRequestsPerConnection();
        this.txn = txn;
        this.ids = options.enableIdempotence() && txn == null
                ? new ProducerIdManager(
                        loop,
                        context.metadata(),
                        backoff,
                        options.deliveryTimeout().toNanos(),
                        new LogLimiter(LOG_INTERVAL_NANOS, System::nanoTime))
                : null;
        this.expiryLog = new ExpiryLog(
                log,
                new LogLimiter(LOG_INTERVAL_NANOS, System::nanoTime),
                options.deliveryTimeout().toMillis());
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
        ProducerIdManager ids = this.ids;
        if (ids != null) {
            ids.close();
        }
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
        long now = loop.ticker().nanoTime();
        ProducerIdManager ids = this.ids;
        TransactionManager txn = this.txn;
        if (txn != null && !txn.maySend()) {
            // Outside a transaction's open or committing phase nothing is sent: an abort fails what
            // waits, and records are only accepted inside a transaction.
            expireAll(now);
            return;
        }
        if (ids != null) {
            KafkaException fatal = ids.fatalError();
            if (fatal != null) {
                accumulator.abortAll(fatal);
                expiryLog.flush();
                return;
            }
            if (!ids.hasProducerId()) {
                // Before the first batch (or after the epochs ran out): nothing can be stamped yet.
                expireAll(now);
                if (!ids.isRequesting()) {
                    ids.acquire(this::wakeup);
                }
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
                nextWake = Math.min(nextWake, head.deadlineNanos);
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
                    if (!sequencesReady(ids, ps, head)) {
                        if (!ids.hasProducerId()) {
                            wakeup();
                            break;
                        }
                        continue;
                    }
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
                } else if (txn != null) {
                    if (!txn.ensureAdded(ps.partition) || !transactionSequencesReady(txn, ps, head)) {
                        continue;
                    }
                    if (isRetry && ps.inFlight > 0) {
                        continue;
                    }
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
            now = loop.ticker().nanoTime();
        }
        expiryLog.flush();
        if (needMetadata) {
            refreshMetadata();
        }
        if (nextWake != Long.MAX_VALUE) {
            scheduleAt(nextWake);
        }
    }

    /**
     * Whether the partition's head batch may be sent as far as sequences go; moves the partition to
     * a new epoch (or to the producer id) when it needs one and nothing of its old sequences can
     * still reach the broker from us.
     */
    private boolean sequencesReady(ProducerIdManager ids, PartitionState ps, ProducerBatch head) {
        if (!ids.hasProducerId()) {
            // The epochs ran out: the next drain gets a new producer id first.
            return false;
        }
        if (ps.unresolvedSequence >= 0 && ps.lastAckedSequence >= ps.unresolvedSequence) {
            // A later sequence was acknowledged, so the broker has the failed batches: nothing to repair.
            ps.unresolvedSequence = -1;
        }
        String reason = ps.sequenceResetReason();
        boolean newProducerId = ps.producerId != ids.producerId();
        if (reason == null && !newProducerId) {
            return true;
        }
        if (head.baseSequence >= 0 && head.mayBeWritten) {
            // Only its own stamp may carry it: resent as it is, it is either a duplicate (then the
            // sequences are resolved) or rejected, and it expires in time.
            return true;
        }
        if (ps.inFlight > 0 || ps.hasRetryThatMayBeWritten()) {
            return false;
        }
        short epoch;
        if (reason != null && !newProducerId) {
            epoch = ids.bumpEpoch(ps.partition, reason);
            if (epoch < 0) {
                return false;
            }
        } else {
            epoch = ids.epoch();
        }
        ps.startSequences(ids.producerId(), epoch);
        return true;
    }

    /**
     * The transactional counterpart of {@link #sequencesReady}: a partition whose sequences belong
     * to an older epoch (TV2 bumps it at every EndTxn, the classic path after an abort that lost
     * sequences) restarts at 0 once nothing of it is in flight; a partition whose sequences went
     * wrong in this epoch waits for the abort its failure made necessary.
     */
    private static boolean transactionSequencesReady(TransactionManager txn, PartitionState ps, ProducerBatch head) {
        if (ps.unresolvedSequence >= 0 && ps.lastAckedSequence >= ps.unresolvedSequence) {
            ps.unresolvedSequence = -1;
        }
        if (ps.producerId == txn.producerId() && ps.epoch == txn.epoch()) {
            return ps.sequenceResetReason() == null || (head.baseSequence >= 0 && head.mayBeWritten);
        }
        if (ps.inFlight > 0 || ps.hasRetryThatMayBeWritten()) {
            return false;
        }
        ps.startSequences(txn.producerId(), txn.epoch());
        return true;
    }

    private boolean sequenced() {
        return ids != null || txn != null;
    }

    private void send(Node node, List<ProducerBatch> batches) {
        Map<String, List<ProducerBatch>> byTopic = new LinkedHashMap<>();
        TransactionManager txn = this.txn;
        for (ProducerBatch b : batches) {
            PartitionState ps = accumulator.partitions.get(b.partition);
            if (sequenced() && b.baseSequence < 0 && ps != null) {
                int seq = ps.nextSequence;
                ps.nextSequence = seq + b.recordCount();
                b.stamp(ps.producerId, ps.epoch, seq, txn != null);
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
                .setTransactionalId(txn == null ? null : txn.transactionalId())
                .setAcks(options.acks().wireValue())
                .setTimeoutMs((int) Math.min(
                        Integer.MAX_VALUE, options.client().requestTimeout().toMillis()))
                .setTopicData(topicData);
        nodeInFlight.merge(node.id(), 1, Integer::sum);
        totalInFlight++;
        stats.inFlightRequests = totalInFlight;
        long sentAt = loop.ticker().nanoTime();
        boolean expectResponse = options.acks() != Acks.NONE;
        CompletableFuture<ProduceResponse> response;
        try {
            response = context.pool()
                    .connection(node, TrafficClass.PRODUCE)
                    .send(request, txn == null ? MAX_PRODUCE_VERSION : txn.produceMaxVersion(), expectResponse);
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
        stats.recordLatency(loop.ticker().nanoTime() - sentAt);
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
                // No answer: the request may have reached the broker (or still may), so the batch may
                // be in the log. Until an answer about it says otherwise, it keeps its stamp.
                b.mayBeWritten = true;
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
        if (code == ErrorCode.MESSAGE_TOO_LARGE && b.recordCount() > 1) {
            split(b, error);
            return;
        }
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (sequenced() && ps != null) {
            boolean currentEpoch = b.producerId == ps.producerId && b.producerEpoch == ps.epoch;
            switch (code) {
                case DUPLICATE_SEQUENCE_NUMBER:
                    // The broker already has this batch (an earlier attempt got through): done, offset unknown.
                    succeed(b, -1, -1);
                    return;
                case OUT_OF_ORDER_SEQUENCE_NUMBER:
                    if (txn != null && currentEpoch && b.baseSequence <= ps.lastAckedSequence + 1) {
                        // In a transaction the sequences are repaired by abort and a new epoch.
                        fail(b, error);
                        return;
                    }
                    if (currentEpoch && b.baseSequence <= ps.lastAckedSequence + 1 && ps.resetReason == null) {
                        // Every earlier batch is acknowledged, so waiting cannot help: the broker's
                        // sequence state for this partition no longer matches ours.
                        ps.resetReason = "the broker answered out-of-order sequence " + b.baseSequence
                                + " (last acknowledged " + ps.lastAckedSequence + ")";
                    }
                    retry(b, error);
                    return;
                case UNKNOWN_PRODUCER_ID:
                    if (txn != null) {
                        fail(b, error);
                        return;
                    }
                    if (currentEpoch && ps.resetReason == null) {
                        ps.resetReason = "the broker no longer knows the producer id";
                    }
                    retry(b, error);
                    return;
                case INVALID_PRODUCER_EPOCH:
                case PRODUCER_FENCED:
                    // Its epoch is behind the partition's on the broker: it can never be written.
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

    /**
     * Replaces a batch the broker refused as too large by two halves, sent before every later batch
     * of the partition (as kafka-clients does; not counted as a retry). The broker checks the size
     * before the sequence, so this attempt was not written; the halves take over the batch's
     * sequence range, so batches stamped after it stay valid (those already sent come back out of
     * order and are resent after the halves). An earlier attempt without an answer could only have
     * been written had the topic's limit been lowered in between; the halves of such a batch keep
     * the mark that they may be in the log, so they are only ever sent under their stamps. A half
     * that is still too large is split again; a single record too large fails alone (with idempotence,
     * its partition then moves to a new epoch, as after any other rejection).
     */
    private void split(ProducerBatch b, KafkaException error) {
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (b.done || ps == null) {
            fail(b, error);
            return;
        }
        int size = b.sizeInBytes();
        List<ProducerBatch> pieces = b.split(options.compressionType());
        ps.replaceSplit(b, pieces);
        if (splitLog.tryAcquire(b.partition)) {
            int suppressed = splitLog.takeSuppressed(b.partition);
            log.warn(
                    "Splitting a batch of {} records ({} bytes) for {} that the broker refused as too large"
                            + " (the topic's max.message.bytes is below batch.size?) into {} and {} records{}",
                    b.recordCount(),
                    size,
                    b.partition,
                    pieces.get(0).recordCount(),
                    pieces.get(1).recordCount(),
                    suppressed == 0 ? "" : " (" + suppressed + " earlier split(s) not logged)");
        }
    }

    private void retry(ProducerBatch b, Throwable cause) {
        if (b.done) {
            return;
        }
        long now = loop.ticker().nanoTime();
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
        b.retryNotBeforeNanos = now
                + (cause instanceof ConcurrentTransactionsException
                        ? concurrentTransactionsBackoff.delayNanos(b.attempts)
                        : backoff.delayNanos(b.attempts));
        b.lastError = cause;
        ps.lastError = cause;
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
        expiryLog.flush();
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
        long ms = TimeUnit.NANOSECONDS.toMillis(loop.ticker().nanoTime() - b.createdNanos);
        PartitionState ps = accumulator.partitions.get(b.partition);
        Throwable last = lastError != null ? lastError : b.lastError;
        if (last == null && ps != null) {
            last = ps.lastError;
        }
        expiryLog.add(b.partition, b.recordCount(), last);
        fail(
                b,
                new TimeoutException(
                        "Expiring " + b.recordCount() + " record(s) for " + b.partition + ": " + ms
                                + " ms has passed since batch creation (delivery.timeout.ms="
                                + options.deliveryTimeout().toMillis() + ")"
                                + (last == null ? "" : "; last error: " + last.getMessage())
                                + (b.mayBeWritten ? "; the records may or may not have been written" : ""),
                        last));
    }

    private void succeed(ProducerBatch b, long baseOffset, long logAppendTime) {
        if (b.done) {
            return;
        }
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (sequenced() && ps != null && b.producerId == ps.producerId && b.producerEpoch == ps.epoch) {
            ps.lastAckedSequence = Math.max(ps.lastAckedSequence, b.baseSequence + b.recordCount() - 1);
        }
        stats.recordsSent += b.recordCount();
        // Free the buffer space first: whoever the completion wakes (a flush, a callback) then
        // sees it available.
        accumulator.release(b);
        b.settle(baseOffset, logAppendTime);
        if (ps != null) {
            ps.deliverSettled();
        } else {
            b.deliver();
        }
    }

    private void fail(ProducerBatch b, Throwable error) {
        if (b.done) {
            return;
        }
        PartitionState ps = accumulator.partitions.get(b.partition);
        if (sequenced()
                && ps != null
                && b.baseSequence >= 0
                && b.producerId == ps.producerId
                && b.producerEpoch == ps.epoch) {
            // Its sequence may or may not be on the broker: until a later sequence is acknowledged,
            // fresh batches of the partition would risk a gap nothing can fill.
            int last = b.baseSequence + b.recordCount() - 1;
            if (last > ps.lastAckedSequence) {
                ps.unresolvedSequence = Math.max(ps.unresolvedSequence, last);
            }
        }
        stats.recordErrors += b.recordCount();
        accumulator.release(b);
        TransactionManager txn = this.txn;
        if (txn != null && !stopped) {
            txn.onBatchFailed(error);
        }
        b.settleFailure(error);
        if (ps != null) {
            ps.deliverSettled();
        } else {
            b.deliver();
        }
    }

    private void refreshMetadata() {
        if (metadataRefreshing) {
            return;
        }
        long now = loop.ticker().nanoTime();
        long minGap = options.client().retryBackoff().toNanos();
        metadataRefreshing = true;
        long wait = lastMetadataRefresh + minGap - now;
        Runnable go = () -> {
            lastMetadataRefresh = loop.ticker().nanoTime();
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
                Math.max(1, atNanos - loop.ticker().nanoTime()),
                TimeUnit.NANOSECONDS);
    }
}
