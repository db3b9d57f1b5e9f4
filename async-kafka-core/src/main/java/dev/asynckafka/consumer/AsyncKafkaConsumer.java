package dev.asynckafka.consumer;

import dev.asynckafka.ClientResources;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.internal.ConsumerCore;
import dev.asynckafka.consumer.internal.RecordDecoder;
import dev.asynckafka.consumer.internal.group.GroupCoordinator;
import dev.asynckafka.consumer.internal.group.GrouplessSubscription;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.util.Closing;
import dev.asynckafka.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous Kafka consumer with per-partition prefetching. Nothing here blocks: there is no
 * {@code poll()}; {@link #getMany} returns a future that completes as soon as records are buffered
 * for the partitions asked for.
 *
 * <h2>Prefetching</h2>
 *
 * Every assigned partition has its own buffer. A partition is fetched (from its leader, or from a
 * preferred read replica when {@code client.rack} is set) while it is not paused, has a position,
 * and its buffer holds less than {@link ConsumerOptions#partitionBufferBytes()}; fetching stops for
 * all partitions while the consumer buffers {@link ConsumerOptions#totalBufferBytes()}. A partition
 * whose application is slow therefore only stops itself: the others keep flowing. When its records
 * are handed out it is fetched again with the next fetch to its broker. Fetches use incremental
 * fetch sessions (KIP-227); leader moves and fenced epochs refresh metadata and resume from the same
 * position.
 *
 * <h2>Threading</h2>
 *
 * Methods are thread-safe and never block; calls from one thread are applied in call order (a
 * {@code seek} then a {@code getMany} see the new position). Fetch I/O runs on the consumer's Netty
 * event loop. Fetched data is decoded — CRC check, decompression, deserialization — on {@link
 * ConsumerOptions#executor()} (the common fork-join pool by default), one task per fetched partition
 * chunk, so partitions decode in parallel and never all through one thread. {@link #getMany} and
 * {@link #getOne} futures complete on that executor too, so application code chained to them never
 * runs on the I/O loop. All other futures complete on the event loop: keep their callbacks short or
 * use the {@code *Async} variants.
 *
 * <h2>Errors</h2>
 *
 * A partition that fails — a corrupt batch ({@link dev.asynckafka.errors.CorruptRecordException}), a
 * record the deserializer rejects ({@link dev.asynckafka.errors.RecordDeserializationException}), no
 * position under {@code auto.offset.reset=none} ({@link
 * dev.asynckafka.errors.NoOffsetForPartitionException}), an out-of-range position under {@code none}
 * ({@link dev.asynckafka.errors.OffsetOutOfRangeException}), a log truncated before the position
 * under {@code none} ({@link dev.asynckafka.errors.LogTruncationException}, KIP-320; with {@code
 * earliest}/{@code latest} the position moves to the divergence point and a warning is logged), or
 * a non-retriable broker error — first
 * hands out the records before the failure, then fails every {@code getMany} that reaches it, and
 * is no longer fetched, until the application seeks it. Other partitions are not affected. Nothing
 * is skipped silently.
 *
 * <h2>Cancelling</h2>
 *
 * A {@link #getMany}/{@link #getOne} future that the application cancels, times out ({@code
 * orTimeout}, {@code completeOnTimeout}) or completes itself before the consumer claimed it takes
 * no records: they stay buffered, in order, for the next call, and positions and auto-commit do not
 * move. If the consumer claimed it first, the application's completion has no effect ({@code
 * cancel} returns {@code false}) and the records are delivered. This holds for the returned future
 * itself: timing out a dependent stage ({@code getMany(..).thenApply(f).orTimeout(..)}, {@code
 * copy()}) does not give records back, since the records were already handed to the stage before
 * it; put the timeout on the returned future. Cancelling any other future
 * (commits, seeks, lookups, subscribe, close) stops only the application's wait; the operation
 * goes on.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class AsyncKafkaConsumer<K, V> implements AutoCloseable {
    /** The {@code maxRecords} of {@link #getMany(Duration)}: kafka-clients' {@code max.poll.records} default. */
    public static final int DEFAULT_MAX_RECORDS = 500;

    /** The close timeout of {@link #close()}: 30 seconds, as kafka-clients'. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Closing.DEFAULT_TIMEOUT;

    private final ConsumerOptions options;
    private final ConsumerCore<K, V> core;
    private volatile Set<TopicPartition> assignment = Set.of();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final @Nullable GroupCoordinator group;
    private final GrouplessSubscription groupless;
    private volatile boolean subscribed;
    private volatile Set<String> subscribedTopics = Set.of();
    private volatile @Nullable Pattern subscribedPattern;

    private AsyncKafkaConsumer(
            ConsumerOptions options,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            @Nullable ClientResources resources) {
        this(options, keyDeserializer, valueDeserializer, new ClientContext(options.client(), resources, false));
    }

    private AsyncKafkaConsumer(
            ConsumerOptions options,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            ClientContext context) {
        this.options = Objects.requireNonNull(options, "options");
        this.core = new ConsumerCore<>(
                context,
                options,
                new RecordDecoder<>(
                        Objects.requireNonNull(keyDeserializer, "keyDeserializer"),
                        Objects.requireNonNull(valueDeserializer, "valueDeserializer"),
                        options));
        String groupId = options.groupId();
        GroupCoordinator coordinator = groupId == null ? null : new GroupCoordinator(core, options, groupId);
        this.group = coordinator;
        if (coordinator != null) {
            core.setPollHook(coordinator::onPoll);
        }
        this.groupless = new GrouplessSubscription(core, options.executor(), options.rebalanceTimeout());
        // A deleted topic shows first in a fetch: re-check the subscription then, so a group gives
        // its partitions up in seconds rather than at the next periodic check.
        GrouplessSubscription gl = this.groupless;
        core.setTopicMissingHook(coordinator != null ? coordinator::recheckTopics : gl::recheckTopics);
    }

    /** A consumer with its own event loop, shut down by {@link #closeAsync(Duration)}. Opens no connection yet. */
    public static <K, V> AsyncKafkaConsumer<K, V> create(
            ConsumerOptions options, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new AsyncKafkaConsumer<>(options, keyDeserializer, valueDeserializer, (ClientResources) null);
    }

    /** A consumer on shared resources, which it never shuts down. Opens no connection yet. */
    public static <K, V> AsyncKafkaConsumer<K, V> create(
            ConsumerOptions options,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            ClientResources resources) {
        return new AsyncKafkaConsumer<>(
                options, keyDeserializer, valueDeserializer, Objects.requireNonNull(resources, "resources"));
    }

    /** The consumer's connections, for tests in this package (re-authentication counts). */
    ConnectionPool connections() {
        return core.context().pool();
    }

    /** The consumer's event loop, for tests in this package (a blocked loop simulates a long pause). */
    io.netty.channel.EventLoop eventLoop() {
        return core.context().loop();
    }

    /** The options this consumer was built with. */
    public ConsumerOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ assignment

    /**
     * Makes exactly these partitions the assignment (manual assignment). Partitions that stay keep
     * their positions and buffers; new ones start where {@code auto.offset.reset} says (or where the
     * application seeks them). Pending {@code getMany} calls that asked for a removed partition
     * complete with no records. An empty collection unassigns everything.
     *
     * @throws IllegalArgumentException for a null element or a negative partition
     * @throws IllegalStateException while subscribed (call {@link #unsubscribe()} first)
     */
    public void assign(Collection<TopicPartition> partitions) {
        if (subscribed) {
            throw new IllegalStateException("assign() and subscribe() are mutually exclusive: unsubscribe first");
        }
        Set<TopicPartition> next = new LinkedHashSet<>();
        for (TopicPartition tp : Objects.requireNonNull(partitions, "partitions")) {
            if (tp == null || tp.partition() < 0) {
                throw new IllegalArgumentException("Cannot assign partition " + tp);
            }
            next.add(tp);
        }
        assignment = Set.copyOf(next);
        paused.retainAll(next);
        core.assign(next);
    }

    /**
     * The partitions assigned: by the last {@link #assign} call, or while subscribed, by the group
     * (or the subscription) right now. Any thread, no I/O.
     */
    public Set<TopicPartition> assignment() {
        return subscribed ? core.assignmentSnapshot() : assignment;
    }

    // ------------------------------------------------------------------ subscription

    /** {@link #subscribe(Collection, RebalanceListener)} with no listener. */
    public CompletableFuture<Void> subscribe(Collection<String> topics) {
        return subscribe(topics, RebalanceListener.NOOP);
    }

    /**
     * Subscribes to the topics. With a {@code group.id}, the consumer joins the group in the
     * background (classic protocol: the coordinator, heartbeats and rebalances run on the event
     * loop, independent of how long the application takes) and is assigned its share of the
     * partitions; starting positions come from the group's committed offsets, else {@code
     * auto.offset.reset}. Without a group id, it is assigned every partition of the topics and
     * follows partitions added later. A new subscription replaces the previous one.
     *
     * @param listener called (on {@link ConsumerOptions#executor()}) when partitions are revoked,
     *     assigned or lost; see {@link RebalanceListener}
     * @return completes on the event loop once the subscription is registered (not when the
     *     group is joined: {@link #assignment()} fills in then)
     * @throws IllegalStateException while partitions are assigned manually
     * @throws IllegalArgumentException for an empty or blank topic name
     */
    public CompletableFuture<Void> subscribe(Collection<String> topics, RebalanceListener listener) {
        Set<String> copy = new LinkedHashSet<>();
        for (String t : Objects.requireNonNull(topics, "topics")) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("Topic names must not be null or blank: " + topics);
            }
            copy.add(t);
        }
        return startSubscription(Set.copyOf(copy), null, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Subscribes to every topic whose whole name matches the pattern, following topics created and
     * deleted while running (checked every {@code metadata.max.age.ms}). Otherwise as {@link
     * #subscribe(Collection, RebalanceListener)}.
     */
    public CompletableFuture<Void> subscribe(Pattern pattern, RebalanceListener listener) {
        return startSubscription(
                Set.of(), Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(listener, "listener"));
    }

    private CompletableFuture<Void> startSubscription(
            Set<String> topics, @Nullable Pattern pattern, RebalanceListener listener) {
        if (!subscribed && !assignment.isEmpty()) {
            throw new IllegalStateException("assign() and subscribe() are mutually exclusive: assign(empty) first");
        }
        subscribed = true;
        subscribedTopics = topics;
        subscribedPattern = pattern;
        GroupCoordinator g = group;
        return core.onLoop(() -> {
            if (g != null) {
                g.subscribe(topics, pattern, listener);
            } else {
                groupless.subscribe(topics, pattern, listener);
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Ends the subscription: with a group, commits positions (with {@code enable.auto.commit}),
     * calls {@link RebalanceListener#onPartitionsRevoked}, and leaves the group (a static member
     * stays until its session times out); the assignment becomes empty.
     *
     * @return completes on the event loop when done
     */
    public CompletableFuture<Void> unsubscribe() {
        GroupCoordinator g = group;
        CompletableFuture<Void> f = core.onLoop(() -> g != null ? g.unsubscribe() : groupless.unsubscribe());
        return f.whenComplete((v, e) -> {
            subscribed = false;
            subscribedTopics = Set.of();
            subscribedPattern = null;
            paused.clear();
        });
    }

    /**
     * The subscribed topics that did not exist when the consumer last looked: empty when all exist,
     * when not subscribed, and for a pattern subscription. The consumer keeps looking for them, more
     * often than {@code metadata.max.age.ms} (from {@code retry.backoff.ms} growing to a few
     * seconds), and joins their partitions as soon as they appear; each is logged once at WARN while
     * missing and once at INFO when it appears. Any thread, no I/O.
     */
    public Set<String> missingTopics() {
        GroupCoordinator g = group;
        return g != null ? g.missingTopics() : groupless.missingTopics();
    }

    /**
     * The subscribed topics: those of the current {@link #subscribe(Collection, RebalanceListener)}
     * call, or, for a pattern ({@link #subscriptionPattern()}), the existing topics it matched at the
     * last check; empty when not subscribed. Any thread, no I/O.
     */
    public Set<String> subscription() {
        if (subscribedPattern == null) {
            return subscribedTopics;
        }
        GroupCoordinator g = group;
        return Set.copyOf(g != null ? g.resolvedTopics() : groupless.resolvedTopics());
    }

    /** The pattern of the current {@link #subscribe(Pattern, RebalanceListener)} call, if any. Any thread. */
    public Optional<Pattern> subscriptionPattern() {
        return Optional.ofNullable(subscribedPattern);
    }

    /**
     * Makes this member rejoin its group now, for example after something that changes what the
     * assignor would decide (as kafka-clients' {@code enforceRebalance}). The rebalance runs in the
     * background; {@link RebalanceListener} hears about it as for any other. A no-op while not
     * subscribed or while a rebalance is already under way.
     *
     * @param reason logged with the rejoin; may be null
     * @return completes on the event loop once the rejoin is requested (not when it is done);
     *     cancelling it does not withdraw the request
     * @throws IllegalStateException without a {@code group.id}
     */
    public CompletableFuture<Void> enforceRebalance(@Nullable String reason) {
        GroupCoordinator g = requireGroup();
        return core.onLoop(() -> {
            g.enforceRebalance(reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    // ------------------------------------------------------------------ commits

    /**
     * Commits the current position (next offset to consume) of every assigned partition to the
     * group, with the leader epoch of the last record consumed, so that a consumer resuming from it
     * can check it against the leader's log (KIP-320). See {@link #commit(Map)} for errors.
     */
    public CompletableFuture<Void> commit() {
        GroupCoordinator g = requireGroup();
        return core.onLoop(g::commitPositions);
    }

    /**
     * Commits the given offsets to the group — the offset of the next record to consume, i.e. the
     * last processed offset + 1. Retries retriable errors (including a moved coordinator) within
     * {@code default.api.timeout.ms}.
     *
     * @return completes on the event loop; fails with {@link CommitFailedException} when the member
     *     is no longer part of the group generation (it was removed, fenced, or left after {@code
     *     max.poll.interval.ms}), with {@link dev.asynckafka.errors.RebalanceInProgressException}
     *     (retriable) while the group rebalances, or with a {@link
     *     dev.asynckafka.errors.TimeoutException}
     * @throws IllegalStateException without a {@code group.id}
     */
    public CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        GroupCoordinator g = requireGroup();
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(Objects.requireNonNull(offsets, "offsets"));
        return core.onLoop(() -> g.commit(copy));
    }

    /**
     * The group's committed offsets for the partitions; partitions without one are absent.
     *
     * @return completes on the event loop; fails with a {@link dev.asynckafka.errors.TimeoutException}
     *     after {@code default.api.timeout.ms} of retriable errors
     * @throws IllegalStateException without a {@code group.id}
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> partitions) {
        GroupCoordinator g = requireGroup();
        Set<TopicPartition> copy = Set.copyOf(partitions);
        return core.onLoop(() -> g.committed(copy));
    }

    /**
     * The group membership right now (generation -1 while not joined).
     *
     * @return completes on the event loop
     * @throws IllegalStateException without a {@code group.id}
     */
    public CompletableFuture<GroupMetadata> groupMetadata() {
        GroupCoordinator g = requireGroup();
        return core.onLoop(() -> CompletableFuture.completedFuture(g.metadata()));
    }

    private GroupCoordinator requireGroup() {
        GroupCoordinator g = group;
        if (g == null) {
            throw new IllegalStateException("Offsets are committed to a group: set group.id");
        }
        return g;
    }

    // ------------------------------------------------------------------ records

    /** {@link #getMany(Duration, int)} with {@link #DEFAULT_MAX_RECORDS}. */
    public CompletableFuture<ConsumerRecords<K, V>> getMany(Duration timeout) {
        return getMany(timeout, DEFAULT_MAX_RECORDS);
    }

    /**
     * Up to {@code maxRecords} records from any assigned, unpaused partition. Completes as soon as
     * records are buffered, or with no records when the timeout passes. Over several partitions,
     * records are handed out round-robin, a fair share from each partition with data, continuing
     * where the previous call stopped, so no partition starves. Within a partition, records come in
     * offset order and are never handed out twice.
     *
     * @return completes on {@link ConsumerOptions#executor()}; fails with the error of a failed
     *     partition (see the class comment) or, after {@link #closeAsync}, with a {@link
     *     dev.asynckafka.errors.KafkaException} saying the consumer was closed
     */
    public CompletableFuture<ConsumerRecords<K, V>> getMany(Duration timeout, int maxRecords) {
        checkArgs(timeout, maxRecords);
        return core.getMany(null, timeout, maxRecords);
    }

    /**
     * Like {@link #getMany(Duration, int)}, only from the given partitions. Several calls for
     * disjoint partition sets may be outstanding at once: one per partition is how a
     * per-partition worker consumes, seeing latency bound to its own partition only.
     *
     * @return fails with {@link IllegalStateException} if a partition is not assigned
     */
    public CompletableFuture<ConsumerRecords<K, V>> getMany(
            Set<TopicPartition> partitions, Duration timeout, int maxRecords) {
        checkArgs(timeout, maxRecords);
        if (Objects.requireNonNull(partitions, "partitions").isEmpty()) {
            throw new IllegalArgumentException("partitions must not be empty");
        }
        return core.getMany(partitions, timeout, maxRecords);
    }

    /**
     * One record from any assigned, unpaused partition, or empty at the timeout. Completes on
     * {@link ConsumerOptions#executor()}.
     */
    public CompletableFuture<Optional<ConsumerRecord<K, V>>> getOne(Duration timeout) {
        checkArgs(timeout, 1);
        return core.get(null, timeout, 1, AsyncKafkaConsumer::first);
    }

    /** One record from the given partitions, or empty at the timeout. */
    public CompletableFuture<Optional<ConsumerRecord<K, V>>> getOne(Set<TopicPartition> partitions, Duration timeout) {
        checkArgs(timeout, 1);
        if (Objects.requireNonNull(partitions, "partitions").isEmpty()) {
            throw new IllegalArgumentException("partitions must not be empty");
        }
        return core.get(partitions, timeout, 1, AsyncKafkaConsumer::first);
    }

    private static <K, V> Optional<ConsumerRecord<K, V>> first(ConsumerRecords<K, V> records) {
        var it = records.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static void checkArgs(Duration timeout, int maxRecords) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
    }

    // ------------------------------------------------------------------ positions

    /**
     * Makes {@code offset} the partition's position: the next record handed out is the one at that
     * offset (or the first after it). Drops what is buffered for the partition and clears its error.
     *
     * @return completes on the event loop once applied
     * @throws IllegalStateException if the partition is not assigned
     * @throws IllegalArgumentException if the offset is negative
     */
    public CompletableFuture<Void> seek(TopicPartition partition, long offset) {
        requireAssigned(Set.of(partition));
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot seek " + partition + " to negative offset " + offset);
        }
        return core.seek(partition, offset, -1);
    }

    /**
     * Makes {@code offset.offset()} the partition's position, as {@link #seek(TopicPartition,
     * long)}, remembering {@code offset.leaderEpoch()} as the leader epoch of the record before it
     * (as kafka-clients' {@code seek(TopicPartition, OffsetAndMetadata)}). With an epoch (not -1),
     * the position is first checked against the leader's log with OffsetForLeaderEpoch (KIP-320):
     * if the log was truncated before it, the position moves to the divergence point, or with
     * {@code auto.offset.reset=none} the partition fails with {@link
     * dev.asynckafka.errors.LogTruncationException} in {@code getMany}. The metadata is ignored.
     *
     * @return completes on the event loop once applied (before the check, which runs in the
     *     background)
     * @throws IllegalStateException if the partition is not assigned
     */
    public CompletableFuture<Void> seek(TopicPartition partition, OffsetAndMetadata offset) {
        Objects.requireNonNull(offset, "offset");
        requireAssigned(Set.of(partition));
        return core.seek(partition, offset.offset(), offset.leaderEpoch());
    }

    /**
     * Moves the partitions (all assigned ones if empty) to their log start offsets, looked up with
     * ListOffsets before their next fetch.
     */
    public CompletableFuture<Void> seekToBeginning(Collection<TopicPartition> partitions) {
        requireAssigned(partitions);
        return core.seekTo(partitions, AutoOffsetReset.EARLIEST);
    }

    /**
     * Moves the partitions (all assigned ones if empty) to their ends (the last stable offset under
     * read_committed), looked up with ListOffsets before their next fetch.
     */
    public CompletableFuture<Void> seekToEnd(Collection<TopicPartition> partitions) {
        requireAssigned(partitions);
        return core.seekTo(partitions, AutoOffsetReset.LATEST);
    }

    /**
     * The offset of the next record the application will get from the partition. Waits for a
     * pending offset reset.
     *
     * @return completes on the event loop; fails with {@link
     *     dev.asynckafka.errors.NoOffsetForPartitionException} under {@code auto.offset.reset=none},
     *     with the partition's error if it failed, or with a {@link
     *     dev.asynckafka.errors.TimeoutException} after {@code default.api.timeout.ms}
     */
    public CompletableFuture<Long> position(TopicPartition partition) {
        requireAssigned(Set.of(partition));
        return core.position(partition);
    }

    /**
     * Moves the partitions (all assigned ones if empty) to the group's committed offsets; partitions
     * without a committed offset are reset as {@code auto.offset.reset} says, as a newly assigned
     * partition would be. Drops what is buffered for them. A committed offset that carries a
     * leader epoch is first checked against the leader's log with OffsetForLeaderEpoch: if the log
     * was truncated before it, the position moves to the divergence point, or with {@code
     * auto.offset.reset=none} the partition fails with {@link
     * dev.asynckafka.errors.LogTruncationException} in {@code getMany}.
     *
     * @return the committed offsets found (partitions without one absent); completes on the event
     *     loop once every position is set or a reset requested. Fails as {@link #committed}, or
     *     with {@link IllegalStateException} if a partition was unassigned meanwhile. Cancelling it
     *     does not undo positions already moved.
     * @throws IllegalStateException without a {@code group.id} or for a partition not assigned
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> seekToCommitted(
            Collection<TopicPartition> partitions) {
        requireGroup();
        Set<TopicPartition> wanted = Set.copyOf(partitions.isEmpty() ? assignment() : partitions);
        requireAssigned(wanted);
        return committed(wanted)
                .thenCompose(
                        committed -> core.seekToCommitted(wanted, committed).thenApply(v -> committed));
    }

    // ------------------------------------------------------------------ pause

    /** Stops fetching and handing out records for the partitions; their buffers are kept. */
    public void pause(Collection<TopicPartition> partitions) {
        requireAssigned(partitions);
        paused.addAll(partitions);
        core.setPaused(partitions, true);
    }

    /** Undoes {@link #pause}. */
    public void resume(Collection<TopicPartition> partitions) {
        requireAssigned(partitions);
        paused.removeAll(partitions);
        core.setPaused(partitions, false);
    }

    /** The paused partitions. */
    public Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    // ------------------------------------------------------------------ offsets and lag

    /**
     * The log start offsets of the partitions (assigned or not).
     *
     * @return completes on the event loop; fails with a {@link dev.asynckafka.errors.TimeoutException}
     *     after {@code default.api.timeout.ms} of retriable errors, or with the typed error of a
     *     non-retriable one (unknown topic after the timeout, authorization)
     */
    public CompletableFuture<Map<TopicPartition, Long>> beginningOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, -2L, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * The end offsets of the partitions: the high watermark, or the last stable offset under
     * read_committed. Completes on the event loop; errors as {@link #beginningOffsets}.
     */
    public CompletableFuture<Map<TopicPartition, Long>> endOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, -1L, options.isolationLevel());
    }

    private CompletableFuture<Map<TopicPartition, Long>> offsets(
            Collection<TopicPartition> partitions, long timestamp, IsolationLevel isolation) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition tp : partitions) {
            query.put(Objects.requireNonNull(tp, "partition"), timestamp);
        }
        return core.listOffsets(query, isolation).thenApply(result -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            result.forEach((tp, listed) -> out.put(tp, listed.offset()));
            return out;
        });
    }

    /**
     * For each partition, the earliest offset whose record timestamp is at least the given one;
     * partitions where no such record exists are absent from the result. Completes on the event
     * loop; errors as {@link #beginningOffsets}.
     *
     * @throws IllegalArgumentException for a negative timestamp
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> offsetsForTimes(
            Map<TopicPartition, Long> timestamps) {
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException(
                        "Timestamp of " + e.getKey() + " must not be negative, was " + e.getValue());
            }
        }
        return core.listOffsets(timestamps, options.isolationLevel()).thenApply(result -> {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            result.forEach((tp, listed) -> {
                if (listed.offset() >= 0) {
                    out.put(tp, new OffsetAndTimestamp(listed.offset(), listed.timestamp(), listed.leaderEpoch()));
                }
            });
            return out;
        });
    }

    /** The high watermark from the partition's last fetch response; empty before one. Any thread, no I/O. */
    public OptionalLong highWatermark(TopicPartition partition) {
        return core.highWatermark(partition);
    }

    /**
     * How many records the partition has past this consumer's position, from its last fetch response
     * (the high watermark, or the last stable offset under read_committed, minus the position), as
     * kafka-clients' {@code currentLag}; empty while either is unknown or the partition is not
     * assigned. Any thread, no I/O.
     */
    public OptionalLong currentLag(TopicPartition partition) {
        ConsumerMetrics.PartitionMetrics m = core.partitionMetrics(Objects.requireNonNull(partition, "partition"));
        OptionalLong end = options.isolationLevel() == IsolationLevel.READ_COMMITTED
                ? core.lastStableOffset(partition)
                : core.highWatermark(partition);
        if (m == null || m.position() < 0 || end.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, end.getAsLong() - m.position()));
    }

    /**
     * The partitions of a topic (assigned or not), fetching its metadata if not known.
     *
     * @return completes on the event loop; fails with a {@link dev.asynckafka.errors.TimeoutException}
     *     when the topic is unknown or has no leader within {@code default.api.timeout.ms}, or with
     *     the typed error (for example authorization) the broker answers. Cancelling it stops nothing.
     */
    public CompletableFuture<List<PartitionInfo>> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic");
        return core.partitionsFor(topic);
    }

    /**
     * Every topic the client may see (internal topics left out), with its partitions, from one
     * Metadata request.
     *
     * @return completes on the event loop, sorted by topic name; fails with a {@link
     *     dev.asynckafka.errors.TimeoutException} after {@code default.api.timeout.ms} of retriable
     *     errors. Cancelling it stops nothing.
     */
    public CompletableFuture<Map<String, List<PartitionInfo>>> listTopics() {
        return core.listTopics();
    }

    /** The last stable offset from the partition's last fetch response; empty before one. Any thread, no I/O. */
    public OptionalLong lastStableOffset(TopicPartition partition) {
        return core.lastStableOffset(partition);
    }

    // ------------------------------------------------------------------ metrics

    /**
     * A snapshot of the consumer's group membership, rebalances and per-partition progress (position,
     * high watermark, committed offset, lag, prefetch buffer). Any thread; never blocks and does no
     * I/O: it reads what the event loop publishes, so it is cheap enough to poll from gauges.
     */
    public ConsumerMetrics metrics() {
        GroupCoordinator g = group;
        if (g != null) {
            return g.metrics(core.partitionMetrics(), core.lastAssignmentEpochMs());
        }
        return new ConsumerMetrics(
                null,
                "",
                -1,
                ConsumerMetrics.GroupState.NONE,
                0,
                0,
                Duration.ZERO,
                Duration.ZERO,
                false,
                core.lastAssignmentEpochMs(),
                core.partitionMetrics(),
                null);
    }

    /**
     * One partition's progress, as in {@link #metrics()}, without copying the others; empty if the
     * partition is not assigned. Any thread, no I/O.
     */
    public Optional<ConsumerMetrics.PartitionMetrics> metrics(TopicPartition partition) {
        return Optional.ofNullable(core.partitionMetrics(Objects.requireNonNull(partition, "partition")));
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes the consumer: in a group, first commits positions (with {@code enable.auto.commit}),
     * calls {@link RebalanceListener#onPartitionsRevoked} and leaves the group (not a static
     * member), all within {@code timeout}; then pending {@code getMany}/{@code getOne}/{@code
     * position} calls fail with a {@link dev.asynckafka.errors.KafkaException} saying the consumer
     * was closed (records still buffered stay uncommitted for the next member), connections close,
     * and owned event loops shut down. Idempotent.
     *
     * @return completes when closed, on an event loop thread (or the caller's if already closed);
     *     cancelling it only stops that future: the close goes on
     */
    public CompletableFuture<Void> closeAsync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        GroupCoordinator g = group;
        if (g == null || core.isClosed()) {
            return core.close(timeout).copy();
        }
        CompletableFuture<Void> leave = core.onLoop(g::close).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return leave.handle((v, e) -> null).thenCompose(v -> core.close(timeout));
    }

    /**
     * Closes the consumer as {@link #closeAsync(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT} and
     * waits for it, so that after a try-with-resources block the consumer is closed. The one
     * blocking method: it waits at most the timeout plus a few seconds, does not wait when called on
     * the consumer's own event loop, and logs rather than throws when the close fails or is late.
     */
    @Override
    public void close() {
        Closing.await(
                closeAsync(DEFAULT_CLOSE_TIMEOUT),
                DEFAULT_CLOSE_TIMEOUT,
                core.context().loop(),
                "Consumer");
    }

    /**
     * Bytes buffered over all partitions right now, as fetched (compressed): what the buffer bounds
     * limit. For tests in this package; applications read {@link #metrics()} (per partition, no I/O).
     */
    CompletableFuture<Long> bufferedBytes() {
        return core.bufferedBytes();
    }

    /**
     * Records decoded and buffered but not yet handed out, over all partitions. For tests in this
     * package; applications read {@link #metrics()}.
     */
    CompletableFuture<Integer> bufferedRecords() {
        return core.bufferedRecords();
    }

    private void requireAssigned(Collection<TopicPartition> partitions) {
        Set<TopicPartition> current = assignment();
        for (TopicPartition tp : partitions) {
            if (!current.contains(tp)) {
                throw new IllegalStateException("Partition " + tp + " is not assigned to this consumer");
            }
        }
    }

    /** A consumer on a context built by the caller: unit tests run one on an embedded loop with virtual time. */
    static <K, V> AsyncKafkaConsumer<K, V> create(
            ConsumerOptions options,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            ClientContext context) {
        return new AsyncKafkaConsumer<>(options, keyDeserializer, valueDeserializer, context);
    }
}
