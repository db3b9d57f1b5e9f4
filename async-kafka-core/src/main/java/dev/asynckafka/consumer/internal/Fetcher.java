package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.OffsetOutOfRangeException;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.PartitionMetadata;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.network.ApiVersionTable;
import dev.asynckafka.internal.network.BrokerConnection;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches for every assigned partition from its leader (or preferred read replica), with an
 * incremental fetch session (KIP-227) and at most one fetch in flight per broker and {@link Lane}.
 *
 * <p>A partition goes into a broker's next fetch only when {@link SubscriptionState#isFetchable}
 * says so; partitions with full buffers are simply left out (and forgotten from the session), so
 * others keep flowing. Responses are handled on the event loop: batch headers are walked to move
 * the fetch position at once, the data is queued in the partition's buffer as an undecoded {@link
 * Chunk}, and decoding (CRC, decompression, deserialization) is handed to the executor, so that
 * partitions decode in parallel and the loop stays free for I/O.
 *
 * <p>Each broker gets two fetch sessions on two connections: one for partitions that lag (the
 * broker answers at once with data) and one for caught-up partitions (the broker holds the request
 * up to {@code fetch.max.wait.ms} waiting for new data). With a single session a long poll for
 * caught-up partitions would hold back, for up to that wait, every lagging partition that became
 * fetchable again while it was out, since a broker serves one fetch per connection at a time.
 *
 * <p>Event loop only.
 */
final class Fetcher<K, V> {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    /** Fetch v13 replaced topic names by topic ids; without ids (very old brokers) stay below. */
    private static final short LAST_VERSION_WITH_TOPIC_NAMES = 12;
    /** Fetch v12 added LastFetchedEpoch and the response's DivergingEpoch (KIP-320, KIP-595). */
    private static final short FIRST_VERSION_WITH_LAST_FETCHED_EPOCH = 12;

    /** Whether a partition's fetches wait for new data (caught up) or return at once (lagging). */
    enum Lane {
        LAGGING(TrafficClass.FETCH),
        CAUGHT_UP(TrafficClass.FETCH_LONG_POLL);

        final TrafficClass traffic;

        Lane(TrafficClass traffic) {
            this.traffic = traffic;
        }
    }

    /** One fetch session per broker and lane. */
    record SessionKey(int nodeId, Lane lane) {}

    /** Told when partitions get data or errors to hand out, or need an offset reset. */
    interface Listener {
        void onAvailable(TopicPartition partition);

        void onResetNeeded();

        /** The metadata names an assigned partition's topic unknown (deleted); called once per run. */
        void onTopicMissing(String topic);
    }

    private final ClientContext context;
    private final ConsumerOptions options;
    private final SubscriptionState<K, V> subscriptions;
    private final ChunkDecoder<K, V> decoder;
    private final Executor executor;
    private final Listener listener;
    private final Map<SessionKey, FetchSession> sessions = new HashMap<>();
    private final PositionValidator<K, V> validator;
    private @Nullable ScheduledFuture<?> retryTimer;
    private long retryAtNanos;
    private boolean metadataRefreshing;
    private int consecutiveFailures;
    private boolean closed;

    Fetcher(
            ClientContext context,
            ConsumerOptions options,
            SubscriptionState<K, V> subscriptions,
            ChunkDecoder<K, V> decoder,
            Listener listener) {
        this.context = context;
        this.options = options;
        this.subscriptions = subscriptions;
        this.decoder = decoder;
        this.executor = options.executor();
        this.listener = listener;
        this.validator = new PositionValidator<>(context, subscriptions, this);
    }

    /** Sends a fetch to every broker that has fetchable partitions and no fetch in flight. */
    void maybeFetch() {
        Loops.assertInLoop(context.loop());
        if (closed) {
            return;
        }
        long now = context.nanoTime();
        ClusterSnapshot snapshot = context.metadata().snapshot();
        Map<SessionKey, Map<TopicPartition, FetchSession.Entry>> byNode = new LinkedHashMap<>();
        Map<Integer, Node> nodes = new HashMap<>();
        Map<TopicPartition, Integer> generations = new HashMap<>();
        boolean needMetadata = false;
        long nextRetry = Long.MAX_VALUE;
        for (PartitionState<K, V> ps : subscriptions.states()) {
            noteLeaderEpoch(ps, snapshot);
        }
        needMetadata |= validator.maybeValidate(snapshot, now);
        for (PartitionState<K, V> ps : subscriptions.states()) {
            if (!subscriptions.isFetchable(ps, now)) {
                if (ps.retryNotBeforeNanos - now > 0) {
                    nextRetry = Math.min(nextRetry, ps.retryNotBeforeNanos - now);
                }
                continue;
            }
            TopicPartition tp = ps.partition;
            TopicMetadata topic = snapshot.topic(tp.topic());
            PartitionMetadata pm = snapshot.partition(tp);
            Node node = target(ps, snapshot, now);
            if (topic == null || pm == null || node == null) {
                // Unknown topic or no leader yet: refresh, and look again after a backoff that grows
                // to retry.backoff.max.ms rather than asking for metadata every retry.backoff.ms.
                // Only a metadata answer that names the topic unknown counts: no answer yet (an
                // outage, or metadata still loading) says nothing about the topic.
                if (topic != null && topic.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    if (ps.topicMissingSinceNanos < 0) {
                        ps.topicMissingSinceNanos = now;
                        String name = tp.topic();
                        Loops.submit(context.loop(), () -> listener.onTopicMissing(name));
                    } else if (now - ps.topicMissingSinceNanos
                            > options.defaultApiTimeout().toNanos()) {
                        failMissingTopic(ps, now);
                        continue;
                    }
                } else {
                    ps.topicMissingSinceNanos = -1;
                }
                needMetadata = true;
                long backoff = context.retryBackoff().delayNanos(++ps.metadataFailures);
                ps.retryNotBeforeNanos = now + backoff;
                nextRetry = Math.min(nextRetry, backoff);
                continue;
            }
            ps.topicMissingSinceNanos = -1;
            SessionKey key = new SessionKey(node.id(), isCaughtUp(ps) ? Lane.CAUGHT_UP : Lane.LAGGING);
            FetchSession session = sessions.computeIfAbsent(key, k -> new FetchSession(k.nodeId()));
            if (session.inFlight) {
                continue;
            }
            nodes.put(node.id(), node);
            generations.put(tp, ps.generation);
            byNode.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .put(
                            tp,
                            new FetchSession.Entry(
                                    topic.topicId(),
                                    ps.fetchPosition,
                                    options.maxPartitionFetchBytes(),
                                    pm.leaderEpoch(),
                                    sendsLastFetchedEpoch(key) ? ps.fetchEpoch : -1));
        }
        for (Map.Entry<SessionKey, Map<TopicPartition, FetchSession.Entry>> e : byNode.entrySet()) {
            SessionKey key = e.getKey();
            send(nodes.get(key.nodeId()), key.lane(), sessions.get(key), e.getValue(), generations);
        }
        if (needMetadata) {
            refreshMetadata();
        }
        if (nextRetry != Long.MAX_VALUE) {
            scheduleRetry(nextRetry);
        }
    }

    /**
     * Notices a new leader epoch in the metadata for a partition with a position: once the leader
     * changed, a position whose epoch is known is checked with OffsetForLeaderEpoch before the next
     * fetch, as a new leader after an unclean election may not hold what the old one returned.
     */
    private void noteLeaderEpoch(PartitionState<K, V> ps, ClusterSnapshot snapshot) {
        if (!ps.hasValidPosition() || ps.error != null) {
            return;
        }
        PartitionMetadata pm = snapshot.partition(ps.partition);
        if (pm == null || pm.leaderEpoch() <= ps.knownLeaderEpoch) {
            return;
        }
        if (ps.knownLeaderEpoch >= 0 && ps.fetchEpoch >= 0 && !ps.awaitingValidation) {
            log.debug(
                    "Leader epoch of {} moved from {} to {}: validating position {} (epoch {})",
                    ps.partition,
                    ps.knownLeaderEpoch,
                    pm.leaderEpoch(),
                    ps.fetchPosition,
                    ps.fetchEpoch);
            ps.awaitingValidation = true;
        }
        ps.knownLeaderEpoch = pm.leaderEpoch();
    }

    /**
     * Whether fetches to this broker carry {@code LastFetchedEpoch} (Fetch v12+, so the leader
     * reports a diverging log). Any handshaken connection to the broker tells its versions; only
     * before the first one is up does a fetch go without it (the first fetch after a leader change
     * is preceded by an OffsetForLeaderEpoch validation anyway).
     */
    private boolean sendsLastFetchedEpoch(SessionKey key) {
        for (TrafficClass traffic : TrafficClass.values()) {
            BrokerConnection connection = context.pool().readyConnection(key.nodeId(), traffic);
            ApiVersionTable versions = connection == null ? null : connection.versions();
            if (versions != null) {
                return versions.supportsVersion(ApiKey.FETCH, FIRST_VERSION_WITH_LAST_FETCHED_EPOCH);
            }
        }
        return false;
    }

    /**
     * Applies a leader's answer about a partition's position epoch (a Fetch response's diverging
     * epoch or an OffsetForLeaderEpoch result) and tells the consumer what follows from it.
     */
    void onEpochEnd(PartitionState<K, V> ps, int endEpoch, long endOffset, String source) {
        TopicPartition tp = ps.partition;
        long fetchPosition = ps.fetchPosition;
        long position = ps.position();
        int epoch = ps.fetchEpoch;
        long before = ps.bufferedBytes;
        AutoOffsetReset policy = subscriptions.defaultReset();
        Divergence.Decision d = ps.onEpochEnd(endEpoch, endOffset, policy);
        subscriptions.release(before - ps.bufferedBytes);
        switch (d.kind()) {
            case VALID ->
                log.debug(
                        "{}: position {} (epoch {}) of {} is valid (leader epoch {} ends at {})",
                        source,
                        fetchPosition,
                        epoch,
                        tp,
                        endEpoch,
                        endOffset);
            case REFETCH ->
                log.info(
                        "{}: the log of {} diverged at offset {} (leader epoch {}), past the consumed position {}:"
                                + " dropping prefetched records from {} and fetching again from {}",
                        source,
                        tp,
                        endOffset,
                        endEpoch,
                        position,
                        fetchPosition,
                        d.offset());
            case TRUNCATED, UNKNOWN -> {
                String where = d.kind() == Divergence.Kind.TRUNCATED
                        ? "at offset " + endOffset + " (leader epoch " + endEpoch + ")"
                        : "at an unknown offset (the leader holds no epoch at or before " + epoch + ")";
                if (policy == AutoOffsetReset.NONE) {
                    log.warn(
                            "{}: log truncation detected for {}: the leader's log diverged {}, before the position {}"
                                    + " (epoch {}); auto.offset.reset is none, so the partition fails until it is"
                                    + " sought",
                            source,
                            tp,
                            where,
                            position,
                            ps.consumedEpoch());
                    failed(tp);
                } else if (d.kind() == Divergence.Kind.TRUNCATED) {
                    log.warn(
                            "{}: log truncation detected for {}: the leader's log diverged {}, before the position {};"
                                    + " records from {} on were lost or replaced; resetting the position to {}"
                                    + " (epoch {})",
                            source,
                            tp,
                            where,
                            position,
                            endOffset,
                            d.offset(),
                            d.epoch());
                } else {
                    log.warn(
                            "{}: log truncation detected for {}: the leader's log diverged {}, before the position {};"
                                    + " resetting to the {} offset (auto.offset.reset)",
                            source,
                            tp,
                            where,
                            position,
                            policy.configName());
                    listener.onResetNeeded();
                }
            }
        }
    }

    /**
     * A partition failed outside the fetch loop's own error handling: the application gets the
     * error. Not from inside the caller's loop over partitions: serving waiters fetches (and
     * validates) again, re-entering it.
     */
    void failed(TopicPartition tp) {
        Loops.submit(context.loop(), () -> listener.onAvailable(tp));
    }

    /** Caught up: the last fetch reached what the broker can return (high watermark or LSO). */
    private boolean isCaughtUp(PartitionState<K, V> ps) {
        long end = options.isolationLevel() == IsolationLevel.READ_COMMITTED ? ps.lastStableOffset : ps.highWatermark;
        return end >= 0 && ps.fetchPosition >= end;
    }

    private @Nullable Node target(PartitionState<K, V> ps, ClusterSnapshot snapshot, long now) {
        if (ps.preferredReadReplica >= 0) {
            Node replica = snapshot.broker(ps.preferredReadReplica);
            if (replica != null && ps.preferredReplicaExpiryNanos - now > 0) {
                return replica;
            }
            ps.preferredReadReplica = -1;
        }
        return snapshot.leader(ps.partition);
    }

    private void send(
            Node node,
            Lane lane,
            FetchSession session,
            Map<TopicPartition, FetchSession.Entry> wanted,
            Map<TopicPartition, Integer> generations) {
        FetchRequest request = new FetchRequest()
                .setMaxWaitMs((int) options.fetchMaxWait().toMillis())
                .setMinBytes(options.fetchMinBytes())
                .setMaxBytes(options.fetchMaxBytes())
                .setIsolationLevel(options.isolationLevel().id())
                .setRackId(options.clientRack());
        session.build(request, wanted);
        boolean topicIds = true;
        Map<Uuid, String> names = new HashMap<>();
        Map<TopicPartition, Integer> sentGenerations = new HashMap<>();
        for (Map.Entry<TopicPartition, FetchSession.Entry> e : wanted.entrySet()) {
            TopicPartition tp = e.getKey();
            topicIds &= !e.getValue().topicId().equals(Uuid.ZERO);
            names.put(e.getValue().topicId(), tp.topic());
            sentGenerations.put(tp, generations.get(tp));
            PartitionState<K, V> ps = subscriptions.state(tp);
            if (ps != null) {
                ps.fetchInFlight = true;
            }
        }
        session.inFlight = true;
        short maxVersion = topicIds ? Short.MAX_VALUE : LAST_VERSION_WITH_TOPIC_NAMES;
        CompletableFuture<FetchResponse> response;
        try {
            response = context.pool().send(node, lane.traffic, request, maxVersion);
        } catch (KafkaException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((r, error) -> {
            session.inFlight = false;
            if (closed) {
                return;
            }
            if (error != null) {
                onFailure(node, session, wanted, sentGenerations, Retry.unwrap(error));
            } else {
                onResponse(node, session, wanted, sentGenerations, names, r);
            }
            maybeFetch();
        });
    }

    private void onFailure(
            Node node,
            FetchSession session,
            Map<TopicPartition, FetchSession.Entry> wanted,
            Map<TopicPartition, Integer> generations,
            Throwable error) {
        consecutiveFailures++;
        log.debug("Fetch from {} failed: {}", node, error.toString());
        session.reset();
        long retryAt = context.nanoTime() + context.retryBackoff().delayNanos(consecutiveFailures);
        for (TopicPartition tp : wanted.keySet()) {
            PartitionState<K, V> ps = current(tp, generations);
            if (ps != null) {
                ps.fetchInFlight = false;
                ps.retryNotBeforeNanos = retryAt;
                ps.preferredReadReplica = -1;
            }
        }
        refreshMetadata();
    }

    private void onResponse(
            Node node,
            FetchSession session,
            Map<TopicPartition, FetchSession.Entry> wanted,
            Map<TopicPartition, Integer> generations,
            Map<Uuid, String> names,
            FetchResponse response) {
        ErrorCode top = ErrorCode.forCode(response.errorCode());
        if (top != ErrorCode.NONE) {
            session.reset();
            for (TopicPartition tp : wanted.keySet()) {
                PartitionState<K, V> ps = current(tp, generations);
                if (ps != null) {
                    ps.fetchInFlight = false;
                }
            }
            if (FetchSession.isSessionError(top)) {
                log.debug(
                        "Fetch session {} with {} was dropped ({}): next fetch is a full one",
                        session.sessionId(),
                        node,
                        top);
            } else {
                onFailure(node, session, wanted, generations, top.exception("fetching from " + node));
            }
            return;
        }
        consecutiveFailures = 0;
        session.onResponse(response.sessionId());
        for (FetchResponse.FetchableTopicResponse topic : response.responses()) {
            String name = topic.topic();
            if (name == null || name.isEmpty()) {
                name = names.get(topic.topicId());
            }
            if (name == null) {
                continue;
            }
            for (FetchResponse.PartitionData data : topic.partitions()) {
                TopicPartition tp = new TopicPartition(name, data.partitionIndex());
                FetchSession.Entry sent = wanted.get(tp);
                PartitionState<K, V> ps = current(tp, generations);
                if (sent == null || ps == null) {
                    continue;
                }
                ps.fetchInFlight = false;
                handlePartition(node, ps, sent, data);
            }
        }
        for (TopicPartition tp : wanted.keySet()) {
            PartitionState<K, V> ps = current(tp, generations);
            if (ps != null) {
                ps.fetchInFlight = false;
            }
        }
    }

    /** The partition's state if it is still assigned and was not sought since the fetch was sent. */
    private @Nullable PartitionState<K, V> current(TopicPartition tp, Map<TopicPartition, Integer> generations) {
        PartitionState<K, V> ps = subscriptions.state(tp);
        Integer generation = generations.get(tp);
        return ps != null && generation != null && ps.generation == generation ? ps : null;
    }

    private void handlePartition(
            Node node, PartitionState<K, V> ps, FetchSession.Entry sent, FetchResponse.PartitionData data) {
        ErrorCode code = ErrorCode.forCode(data.errorCode());
        TopicPartition tp = ps.partition;
        switch (code) {
            case NONE -> onData(node, ps, sent, data);
            case OFFSET_OUT_OF_RANGE -> {
                if (ps.preferredReadReplica >= 0) {
                    // A follower may lag the leader: ask the leader before resetting anything.
                    ps.preferredReadReplica = -1;
                } else if (ps.fetchPosition == sent.fetchOffset()) {
                    AutoOffsetReset policy = subscriptions.defaultReset();
                    if (policy == AutoOffsetReset.NONE) {
                        ps.error = new OffsetOutOfRangeException("Fetch position " + sent.fetchOffset()
                                + " is out of range for partition " + tp + " and auto.offset.reset is none");
                        listener.onAvailable(tp);
                    } else {
                        log.info(
                                "Fetch position {} is out of range for {}; resetting to {}",
                                sent.fetchOffset(),
                                tp,
                                policy.configName());
                        subscriptions.release(ps.requestReset(policy));
                        listener.onResetNeeded();
                    }
                }
            }
            case NOT_LEADER_OR_FOLLOWER,
                    FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    UNKNOWN_TOPIC_ID,
                    INCONSISTENT_TOPIC_ID,
                    FETCH_SESSION_TOPIC_ID_ERROR,
                    LEADER_NOT_AVAILABLE,
                    REPLICA_NOT_AVAILABLE,
                    KAFKA_STORAGE_ERROR,
                    OFFSET_NOT_AVAILABLE,
                    NOT_ENOUGH_REPLICAS,
                    REQUEST_TIMED_OUT -> {
                log.debug("Fetching {} from {}: {}; refreshing metadata", tp, node, code);
                ps.preferredReadReplica = -1;
                ps.retryNotBeforeNanos =
                        context.nanoTime() + context.retryBackoff().delayNanos(++ps.metadataFailures);
                refreshMetadata();
            }
            default -> {
                ps.error = code.exception("fetching " + tp + " at offset " + sent.fetchOffset() + " from " + node);
                listener.onAvailable(tp);
            }
        }
    }

    private void onData(Node node, PartitionState<K, V> ps, FetchSession.Entry sent, FetchResponse.PartitionData data) {
        TopicPartition tp = ps.partition;
        ps.metadataFailures = 0;
        ps.highWatermark = data.highWatermark();
        if (data.lastStableOffset() >= 0) {
            ps.lastStableOffset = data.lastStableOffset();
        }
        if (data.logStartOffset() >= 0) {
            ps.logStartOffset = data.logStartOffset();
        }
        if (data.preferredReadReplica() >= 0 && data.preferredReadReplica() != node.id()) {
            ps.preferredReadReplica = data.preferredReadReplica();
            ps.preferredReplicaExpiryNanos =
                    context.nanoTime() + options.client().metadataMaxAge().toNanos();
        }
        FetchResponse.EpochEndOffset diverging = data.divergingEpoch();
        if (diverging != null && (diverging.epoch() >= 0 || diverging.endOffset() >= 0)) {
            // The leader's log diverges from ours before the fetch offset; the response has no records.
            onEpochEnd(ps, diverging.epoch(), diverging.endOffset(), "Fetch from " + node);
            return;
        }
        ByteBuf records = data.records();
        if (records == null || records.readableBytes() == 0) {
            return;
        }
        BatchHeaders.Scan scan = BatchHeaders.scan(records, sent.fetchOffset());
        KafkaException structural = null;
        long structuralOffset = -1;
        if (scan.problem() != null) {
            structural = new CorruptRecordException(
                    "Corrupt fetch response data for partition " + tp + ": " + scan.problem());
            structuralOffset = scan.problemOffset();
        } else if (scan.completeBytes() == 0) {
            structural = new RecordTooLargeException(
                    "Partition " + tp + " returned only part of a record batch at offset " + sent.fetchOffset() + " ("
                            + records.readableBytes() + " bytes); raise max.partition.fetch.bytes / fetch.max.bytes");
            structuralOffset = sent.fetchOffset();
        }
        long next = scan.nextOffset() >= 0 ? scan.nextOffset() : sent.fetchOffset();
        if (scan.nextOffset() >= 0) {
            ps.fetchEpoch = scan.lastEpoch();
        }
        Chunk<K, V> chunk = new Chunk<>(sent.fetchOffset(), next, records.readableBytes(), ps.fetchEpoch);
        ps.buffer.addLast(chunk);
        subscriptions.buffered(ps, chunk.bytes);
        ps.fetchPosition = next;
        // Not a read-only wrapper: it would hide the heap array, so CRC checks and decompression would
        // copy every batch first. Nothing writes to it (deserializers are told not to).
        ByteBuf complete = records.slice(records.readerIndex(), scan.completeBytes());
        List<FetchResponse.AbortedTransaction> aborted =
                options.isolationLevel() == IsolationLevel.READ_COMMITTED ? data.abortedTransactions() : null;
        int generation = ps.generation;
        KafkaException stoppedBy = structural;
        long stoppedAt = structuralOffset;
        Runnable task = () -> {
            DecodeResult<K, V> result;
            if (complete.readableBytes() == 0) {
                result = new DecodeResult<>(List.of(), null, -1);
            } else {
                result =
                        decoder.decode(tp, complete, sent.fetchOffset(), aborted == null ? null : List.copyOf(aborted));
            }
            if (result.error() == null && stoppedBy != null) {
                result = new DecodeResult<>(result.records(), stoppedBy, stoppedAt);
            }
            DecodeResult<K, V> done = result;
            // If the loop is gone the consumer closed: nobody waits for this chunk.
            Loops.submit(context.loop(), () -> onDecoded(ps, generation, chunk, done));
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void onDecoded(PartitionState<K, V> ps, int generation, Chunk<K, V> chunk, DecodeResult<K, V> result) {
        if (closed || ps.generation != generation || subscriptions.state(ps.partition) != ps) {
            return; // sought, reset or unassigned meanwhile: the buffer (and its byte count) was dropped
        }
        chunk.decoded(result);
        ps.decoded(chunk);
        subscriptions.release(ps.dropDrainedHead());
        if (ps.hasAvailable()) {
            listener.onAvailable(ps.partition);
        }
        maybeFetch();
    }

    void refreshMetadata() {
        if (metadataRefreshing || closed) {
            return;
        }
        metadataRefreshing = true;
        context.metadata().refresh().whenComplete((s, e) -> {
            metadataRefreshing = false;
            if (e != null) {
                scheduleRetry(context.retryBackoff().delayNanos(Math.max(1, consecutiveFailures)));
            } else {
                maybeFetch();
            }
        });
    }

    /**
     * The partition's topic has been missing from the metadata for longer than {@code
     * default.api.timeout.ms} (deleted, or never created): the partition fails with an error the
     * application sees in {@code getMany}, rather than returning nothing for ever. A group member
     * loses such partitions in the next rebalance; a seek retries.
     */
    private void failMissingTopic(PartitionState<K, V> ps, long now) {
        long missingMs = TimeUnit.NANOSECONDS.toMillis(now - ps.topicMissingSinceNanos);
        ps.error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("fetching " + ps.partition + ": topic "
                + ps.partition.topic() + " has not been in the cluster's metadata for " + missingMs
                + " ms (default.api.timeout.ms); it was deleted or never created");
        log.warn("Consumer: {}", ps.error.getMessage());
        // Not from inside maybeFetch's loop: serving waiters fetches again, re-entering it.
        TopicPartition tp = ps.partition;
        Loops.submit(context.loop(), () -> listener.onAvailable(tp));
    }

    void scheduleRetry(long delayNanos) {
        long at = context.nanoTime() + delayNanos;
        ScheduledFuture<?> t = retryTimer;
        if (t != null && !t.isDone() && retryAtNanos - at <= 0) {
            return;
        }
        if (t != null) {
            t.cancel(false);
        }
        retryAtNanos = at;
        // The running timer forgets itself first: a retry it schedules must not be taken for
        // one still pending (it would be dropped, and the partition never retried).
        retryTimer = context.loop()
                .schedule(
                        () -> {
                            retryTimer = null;
                            maybeFetch();
                        },
                        Math.max(1, delayNanos),
                        TimeUnit.NANOSECONDS);
    }

    /** Drops the session with a broker (tests and leader moves). */
    void resetSessions() {
        sessions.values().forEach(FetchSession::reset);
    }

    void close() {
        closed = true;
        validator.close();
        ScheduledFuture<?> t = retryTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Sessions by broker id, for tests. */
    List<FetchSession> sessions() {
        return new ArrayList<>(sessions.values());
    }
}
