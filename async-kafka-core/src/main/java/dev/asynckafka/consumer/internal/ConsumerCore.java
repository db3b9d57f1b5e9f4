package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.TopicInfos;
import dev.asynckafka.internal.util.HandoffFuture;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's state machine on its event loop: assignment and positions ({@link
 * SubscriptionState}), the {@link Fetcher}, offset resets and lookups ({@link OffsetLookup}), and
 * the pending {@code getMany} calls, served round-robin over partitions with data.
 *
 * <p>Public methods may be called from any thread: they hop onto the loop in call order, so a
 * {@code seek} followed by {@code getMany} from one thread is applied in that order. Not public
 * API.
 */
public final class ConsumerCore<K, V> implements Fetcher.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConsumerCore.class);

    private final ClientContext context;
    private final ConsumerOptions options;
    private final Executor executor;
    private final SubscriptionState<K, V> subscriptions;
    private final Fetcher<K, V> fetcher;
    private final OffsetLookup lookup;
    private final List<Waiter<K, V, ?>> waiters = new ArrayList<>();
    private int cursor;
    private boolean resetScheduled;
    private volatile boolean closed;
    private volatile long lastAssignmentEpochMs = -1;
    private @Nullable Runnable pollHook;
    private @Nullable Runnable topicMissingHook;

    public ConsumerCore(ClientContext context, ConsumerOptions options, ChunkDecoder<K, V> decoder) {
        this.context = context;
        this.options = options;
        this.executor = options.executor();
        this.subscriptions = new SubscriptionState<>(
                options.autoOffsetReset(), options.partitionBufferBytes(), options.totalBufferBytes());
        this.fetcher = new Fetcher<>(context, options, subscriptions, decoder, this);
        this.lookup = new OffsetLookup(context);
        context.pool().onAuthenticationFailure(this::onAuthenticationFailure);
    }

    /**
     * A pending getMany/getOne. Its future is a {@link HandoffFuture}: records are taken from the
     * buffers only after {@link HandoffFuture#claim()} succeeds, so a future the application
     * cancelled or timed out takes nothing with it.
     */
    private static final class Waiter<K, V, R> {
        final @Nullable Set<TopicPartition> partitions;
        final int maxRecords;
        final HandoffFuture<R> future;
        final Function<ConsumerRecords<K, V>, R> result;

        @Nullable
        ScheduledFuture<?> timer;

        Waiter(
                @Nullable Set<TopicPartition> partitions,
                int maxRecords,
                HandoffFuture<R> future,
                Function<ConsumerRecords<K, V>, R> result) {
            this.partitions = partitions;
            this.maxRecords = maxRecords;
            this.future = future;
            this.result = result;
        }

        void deliver(@Nullable ConsumerRecords<K, V> records, @Nullable Throwable error) {
            if (error != null) {
                future.deliverError(error);
                return;
            }
            R value;
            try {
                value = result.apply(records == null ? ConsumerRecords.empty() : records);
            } catch (RuntimeException e) {
                future.deliverError(e);
                return;
            }
            future.deliver(value);
        }
    }

    // ------------------------------------------------------------------ assignment

    /** Replaces the assignment; see {@link SubscriptionState#assign}. */
    public void assign(Collection<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        run(() -> {
            Set<TopicPartition> removed = subscriptions.assign(copy);
            markAssigned();
            releaseWaiters(removed);
            startFetching(copy);
        });
    }

    private void releaseWaiters(Set<TopicPartition> removed) {
        if (!removed.isEmpty()) {
            for (Waiter<K, V, ?> w : List.copyOf(waiters)) {
                Set<TopicPartition> ps = w.partitions;
                if (ps != null && ps.stream().anyMatch(removed::contains)) {
                    waiters.remove(w);
                    finishIfOpen(w, ConsumerRecords.empty(), null);
                }
            }
        }
    }

    private void startFetching(Collection<TopicPartition> partitions) {
        Set<String> topics = new LinkedHashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        context.start().thenCompose(s -> context.metadata().addTopics(topics)).whenComplete((s, e) -> {
            triggerResets();
            fetcher.maybeFetch();
        });
    }

    // ------------------------------------------------------------------ hooks for the group coordinator (event loop)

    /** The client context: loop, connections, metadata. */
    public ClientContext context() {
        return context;
    }

    /** Runs on the loop at every getMany/getOne call, before it is served; for max.poll.interval.ms. */
    public void setPollHook(@Nullable Runnable hook) {
        this.pollHook = hook;
    }

    /** The assigned partitions; event loop. */
    public Set<TopicPartition> assignedPartitions() {
        Loops.assertInLoop(context.loop());
        return new LinkedHashSet<>(subscriptions.order());
    }

    /** The assigned partitions; any thread. */
    public Set<TopicPartition> assignmentSnapshot() {
        return subscriptions.assignmentSnapshot();
    }

    /**
     * Adds partitions that wait for {@link #initPositions} (committed offsets) before they are
     * fetched; event loop.
     */
    public void addAwaitingPositions(Collection<TopicPartition> partitions) {
        Loops.assertInLoop(context.loop());
        subscriptions.addAwaiting(partitions);
        startFetching(partitions);
    }

    /** Removes partitions and their buffers; pending getMany calls for them complete empty. Event loop. */
    public void removePartitions(Collection<TopicPartition> partitions) {
        Loops.assertInLoop(context.loop());
        Set<TopicPartition> removed = new LinkedHashSet<>();
        for (TopicPartition tp : partitions) {
            if (subscriptions.isAssigned(tp)) {
                removed.add(tp);
            }
        }
        subscriptions.remove(removed);
        releaseWaiters(removed);
    }

    /**
     * Positions (next offset the application gets) of assigned partitions that have one, with the
     * leader epoch of the record before them (-1 if unknown), ready to commit; event loop.
     */
    public Map<TopicPartition, OffsetAndMetadata> consumedPositions() {
        Loops.assertInLoop(context.loop());
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (PartitionState<K, V> ps : subscriptions.states()) {
            long position = ps.position();
            if (position >= 0) {
                out.put(ps.partition, new OffsetAndMetadata(position, ps.consumedEpoch(), ""));
            }
        }
        return out;
    }

    /** Partitions still waiting for a starting position (added by {@link #addAwaitingPositions}); event loop. */
    public Set<TopicPartition> awaitingPositions() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (PartitionState<K, V> ps : subscriptions.states()) {
            if (ps.pendingReset == null && ps.fetchPosition < 0 && ps.error == null) {
                out.add(ps.partition);
            }
        }
        return out;
    }

    /**
     * Starts partitions that still wait for a position: from their committed offset if given
     * (validated against the leader's log first when it carries a leader epoch), else with {@code
     * auto.offset.reset}. Partitions the application sought meanwhile keep their position. Event
     * loop.
     */
    public void initPositions(Map<TopicPartition, OffsetAndMetadata> committed) {
        Loops.assertInLoop(context.loop());
        Set<TopicPartition> awaiting = awaitingPositions();
        for (TopicPartition tp : awaiting) {
            PartitionState<K, V> ps = subscriptions.state(tp);
            if (ps == null) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                ps.committedOffset = offset.offset();
                subscriptions.release(ps.seek(offset.offset(), offset.leaderEpoch(), true));
            } else {
                subscriptions.release(ps.requestReset(subscriptions.defaultReset()));
            }
            completePositionWaiters(ps);
        }
        triggerResets();
        fetcher.maybeFetch();
    }

    /** Records that the consumer got an assignment now (for {@link #lastAssignmentEpochMs()}); any thread. */
    public void markAssigned() {
        lastAssignmentEpochMs = System.currentTimeMillis();
    }

    /** When the consumer last got an assignment, in epoch milliseconds, or -1; any thread. */
    public long lastAssignmentEpochMs() {
        return lastAssignmentEpochMs;
    }

    /** Remembers offsets just committed to the group, for the partitions still assigned; any thread. */
    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, offset) -> {
            PartitionState<K, V> ps = subscriptions.get(tp);
            if (ps != null) {
                ps.committedOffset = offset;
            }
        });
    }

    /** Every assigned partition's progress; any thread, no I/O. */
    public Map<TopicPartition, PartitionMetrics> partitionMetrics() {
        return subscriptions.metrics();
    }

    /** The partition's progress, or null if it is not assigned; any thread, no I/O. */
    public @Nullable PartitionMetrics partitionMetrics(TopicPartition tp) {
        PartitionState<K, V> ps = subscriptions.get(tp);
        return ps == null ? null : ps.metrics();
    }

    /** Runs an action on the loop and completes with its future (unwrapped). */
    public <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        return call(action);
    }

    // ------------------------------------------------------------------ getMany

    /**
     * Records from the given partitions (all assigned ones if null), completing on the executor as
     * soon as any are buffered, or empty at the timeout. A future the application completes,
     * cancels or times out before the consumer claimed it hands out nothing.
     */
    public CompletableFuture<ConsumerRecords<K, V>> getMany(
            @Nullable Set<TopicPartition> partitions, Duration timeout, int maxRecords) {
        return get(partitions, timeout, maxRecords, Function.identity());
    }

    /** As {@link #getMany}, with the delivered value computed from the records on the executor. */
    public <R> CompletableFuture<R> get(
            @Nullable Set<TopicPartition> partitions,
            Duration timeout,
            int maxRecords,
            Function<ConsumerRecords<K, V>, R> result) {
        HandoffFuture<R> future = new HandoffFuture<>();
        Waiter<K, V, R> w =
                new Waiter<>(partitions == null ? null : Set.copyOf(partitions), maxRecords, future, result);
        if (closed) {
            finishIfOpen(w, null, closedException());
            return future;
        }
        long timeoutNanos = timeout.toNanos();
        // The application may give up at any time: drop the waiter and its timer on the loop.
        future.onAbandon(() -> Loops.execute(context.loop(), () -> forget(w)));
        if (!Loops.execute(context.loop(), () -> enqueue(w, timeoutNanos))) {
            finishIfOpen(w, null, closedException());
        }
        return future;
    }

    private void enqueue(Waiter<K, V, ?> w, long timeoutNanos) {
        Loops.assertInLoop(context.loop());
        if (closed) {
            finishIfOpen(w, null, closedException());
            return;
        }
        Runnable hook = pollHook;
        if (hook != null) {
            hook.run();
        }
        if (w.future.isAbandoned()) {
            return;
        }
        Set<TopicPartition> wanted = w.partitions;
        if (wanted != null) {
            for (TopicPartition tp : wanted) {
                if (!subscriptions.isAssigned(tp)) {
                    finishIfOpen(
                            w,
                            null,
                            new IllegalStateException("Partition " + tp + " is not assigned to this consumer"));
                    return;
                }
            }
        }
        if (tryServe(w)) {
            fetcher.maybeFetch();
            return;
        }
        AuthenticationException auth = context.pool().authenticationFailure();
        if (auth != null) {
            // Nothing buffered and the credentials were just refused: waiting cannot help.
            finishIfOpen(w, null, auth);
            return;
        }
        waiters.add(w);
        w.timer = context.loop()
                .schedule(
                        () -> {
                            if (waiters.remove(w)) {
                                finishIfOpen(w, ConsumerRecords.empty(), null);
                            }
                        },
                        Math.max(0, timeoutNanos),
                        TimeUnit.NANOSECONDS);
    }

    /** Drops a waiter the application gave up on; event loop. */
    private void forget(Waiter<K, V, ?> w) {
        Loops.assertInLoop(context.loop());
        waiters.remove(w);
        ScheduledFuture<?> t = w.timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /**
     * A connection failed to authenticate: pending {@code getMany} calls fail with that final error
     * rather than completing empty at their timeouts (with a group, no partition may ever be
     * assigned). Connections keep being retried in the background.
     */
    private void onAuthenticationFailure(AuthenticationException error) {
        if (closed) {
            return;
        }
        for (Waiter<K, V, ?> w : List.copyOf(waiters)) {
            waiters.remove(w);
            finishIfOpen(w, null, error);
        }
    }

    @Override
    public void onAvailable(TopicPartition partition) {
        Loops.assertInLoop(context.loop());
        boolean served = false;
        for (Waiter<K, V, ?> w : List.copyOf(waiters)) {
            Set<TopicPartition> ps = w.partitions;
            if ((ps == null || ps.contains(partition)) && tryServe(w)) {
                forget(w);
                served = true;
            }
        }
        if (served) {
            fetcher.maybeFetch();
        }
    }

    /** Runs on the loop when a fetch finds an assigned partition's topic gone; re-checks the subscription. */
    public void setTopicMissingHook(@Nullable Runnable hook) {
        this.topicMissingHook = hook;
    }

    @Override
    public void onTopicMissing(String topic) {
        Runnable hook = topicMissingHook;
        if (hook != null && !closed) {
            log.debug("Topic {} is missing from the metadata; re-checking the subscription", topic);
            hook.run();
        }
    }

    @Override
    public void onResetNeeded() {
        triggerResets();
    }

    /**
     * Serves a waiter if any of its partitions has records or an error: round-robin from the
     * cursor over the partitions with data, a fair share each, until {@code maxRecords}. Claims the
     * waiter's future before taking anything, so records only leave the buffers for a future that
     * will deliver them.
     *
     * @return whether the waiter is done (served, or found abandoned)
     */
    private boolean tryServe(Waiter<K, V, ?> w) {
        Loops.assertInLoop(context.loop());
        List<TopicPartition> order = subscriptions.order();
        int n = order.size();
        if (n == 0) {
            return false;
        }
        List<PartitionState<K, V>> ready = new ArrayList<>();
        List<Integer> readyIndex = new ArrayList<>();
        int start = Math.floorMod(cursor, n);
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            TopicPartition tp = order.get(index);
            Set<TopicPartition> wanted = w.partitions;
            if (wanted != null && !wanted.contains(tp)) {
                continue;
            }
            PartitionState<K, V> ps = subscriptions.state(tp);
            if (ps != null && !ps.paused && ps.hasAvailable()) {
                ready.add(ps);
                readyIndex.add(index);
            }
        }
        if (ready.isEmpty()) {
            return w.future.isAbandoned();
        }
        // Every ready partition yields a record or an error at its head, so a claim always delivers.
        if (!w.future.claim()) {
            return true;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int remaining = w.maxRecords;
        int nextCursor = cursor;
        KafkaException failure = null;
        outer:
        while (remaining > 0) {
            int quota = Math.max(1, remaining / ready.size());
            boolean progress = false;
            for (int i = 0; i < ready.size(); i++) {
                PartitionState<K, V> ps = ready.get(i);
                KafkaException error = ps.errorAtHead();
                if (error != null) {
                    if (out.isEmpty()) {
                        failure = error;
                        // Start the next call past it, so other partitions' records are not held
                        // back by one failed partition (it fails again when reached).
                        nextCursor = readyIndex.get(i) + 1;
                    } else {
                        nextCursor = readyIndex.get(i);
                    }
                    break outer;
                }
                List<ConsumerRecord<K, V>> list = out.computeIfAbsent(ps.partition, tp -> new ArrayList<>());
                int before = list.size();
                subscriptions.release(ps.take(Math.min(quota, remaining), list));
                int taken = list.size() - before;
                if (taken > 0) {
                    progress = true;
                    remaining -= taken;
                    nextCursor = readyIndex.get(i) + 1;
                    if (remaining == 0) {
                        break outer;
                    }
                }
            }
            if (!progress) {
                break;
            }
        }
        cursor = nextCursor;
        if (failure != null) {
            finish(w, null, failure);
            return true;
        }
        finish(w, new ConsumerRecords<>(out), null);
        return true;
    }

    /** Completes a waiter the application has not given up on; nothing was taken for it. */
    private void finishIfOpen(Waiter<K, V, ?> w, @Nullable ConsumerRecords<K, V> records, @Nullable Throwable error) {
        if (w.future.claim()) {
            finish(w, records, error);
        }
    }

    /**
     * Completes a claimed waiter on the executor, so application code never runs on the I/O loop.
     * A claimed future can no longer be completed by the application, so the records reach it.
     */
    private void finish(Waiter<K, V, ?> w, @Nullable ConsumerRecords<K, V> records, @Nullable Throwable error) {
        ScheduledFuture<?> t = w.timer;
        if (t != null) {
            t.cancel(false);
        }
        Runnable complete = () -> w.deliver(records, error);
        try {
            executor.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    // ------------------------------------------------------------------ positions

    /**
     * Moves the position; drops what is buffered for the partition. A known leader epoch (of the
     * record before the offset) is validated against the leader's log before fetching.
     */
    public CompletableFuture<Void> seek(TopicPartition tp, long offset, int leaderEpoch) {
        return call(() -> {
            PartitionState<K, V> ps = assigned(tp);
            subscriptions.release(ps.seek(offset, leaderEpoch, true));
            completePositionWaiters(ps);
            fetcher.maybeFetch();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Resets positions with the given strategy (EARLIEST or LATEST), lazily through ListOffsets. */
    public CompletableFuture<Void> seekTo(Collection<TopicPartition> partitions, AutoOffsetReset strategy) {
        List<TopicPartition> copy = List.copyOf(partitions);
        return call(() -> {
            List<PartitionState<K, V>> states = new ArrayList<>();
            for (TopicPartition tp : copy.isEmpty() ? subscriptions.order() : copy) {
                states.add(assigned(tp));
            }
            for (PartitionState<K, V> ps : states) {
                subscriptions.release(ps.requestReset(strategy));
            }
            triggerResets();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** The offset of the next record the application gets; waits for a pending reset. */
    public CompletableFuture<Long> position(TopicPartition tp) {
        return call(() -> {
            PartitionState<K, V> ps = assigned(tp);
            long position = ps.position();
            if (position >= 0) {
                return CompletableFuture.completedFuture(position);
            }
            if (ps.error != null) {
                return CompletableFuture.failedFuture(ps.error);
            }
            CompletableFuture<Long> f = new CompletableFuture<>();
            ps.positionWaiters.add(f);
            long timeout = options.defaultApiTimeout().toNanos();
            ScheduledFuture<?> timer = context.loop()
                    .schedule(
                            () -> {
                                if (ps.positionWaiters.remove(f)) {
                                    f.completeExceptionally(new TimeoutException("The position of " + tp
                                            + " was not known within "
                                            + options.defaultApiTimeout().toMillis() + " ms (default.api.timeout.ms)"));
                                }
                            },
                            timeout,
                            TimeUnit.NANOSECONDS);
            // Known earlier (or closed): the timer would only keep the waiter alive on a shared loop.
            f.whenComplete((v, e) -> timer.cancel(false));
            triggerResets();
            return f;
        });
    }

    private void completePositionWaiters(PartitionState<K, V> ps) {
        List<CompletableFuture<Long>> ws = List.copyOf(ps.positionWaiters);
        ps.positionWaiters.clear();
        for (CompletableFuture<Long> f : ws) {
            if (ps.error != null) {
                f.completeExceptionally(ps.error);
            } else {
                f.complete(ps.position());
            }
        }
    }

    private void triggerResets() {
        if (closed) {
            return;
        }
        List<PartitionState<K, V>> needing = subscriptions.needingReset();
        if (needing.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        Map<TopicPartition, Integer> generations = new HashMap<>();
        for (PartitionState<K, V> ps : needing) {
            ps.resetInFlight = true;
            generations.put(ps.partition, ps.generation);
            timestamps.put(
                    ps.partition,
                    ps.pendingReset == AutoOffsetReset.EARLIEST
                            ? OffsetLookup.EARLIEST_TIMESTAMP
                            : OffsetLookup.LATEST_TIMESTAMP);
        }
        lookup.list(
                        timestamps,
                        options.isolationLevel(),
                        options.defaultApiTimeout().toNanos())
                .whenComplete((results, error) -> {
                    if (closed) {
                        return;
                    }
                    Throwable cause = error == null ? null : Retry.unwrap(error);
                    for (PartitionState<K, V> ps : needing) {
                        Integer generation = generations.get(ps.partition);
                        if (subscriptions.state(ps.partition) != ps
                                || generation == null
                                || ps.generation != generation) {
                            continue;
                        }
                        ps.resetInFlight = false;
                        OffsetLookup.Listed listed = results == null ? null : results.get(ps.partition);
                        if (listed != null && listed.offset() >= 0) {
                            // The epoch the leader gave with the offset: the next fetch can detect
                            // a divergence, and a leader change validates the position.
                            subscriptions.release(ps.seek(listed.offset(), listed.leaderEpoch(), false));
                            completePositionWaiters(ps);
                        } else if (cause instanceof KafkaException ke && !ke.isRetriable()) {
                            ps.error = ke;
                            completePositionWaiters(ps);
                            onAvailable(ps.partition);
                        }
                    }
                    if (cause != null) {
                        scheduleResetRetry();
                    }
                    fetcher.maybeFetch();
                });
    }

    private void scheduleResetRetry() {
        if (resetScheduled || closed) {
            return;
        }
        resetScheduled = true;
        context.loop()
                .schedule(
                        () -> {
                            resetScheduled = false;
                            triggerResets();
                        },
                        context.retryBackoff().delayNanos(3),
                        TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ pause, watermarks, lookups

    /** Stops or restarts fetching and handing out records for the partitions. */
    public CompletableFuture<Void> setPaused(Collection<TopicPartition> partitions, boolean paused) {
        List<TopicPartition> copy = List.copyOf(partitions);
        return call(() -> {
            List<PartitionState<K, V>> states = new ArrayList<>();
            for (TopicPartition tp : copy) {
                states.add(assigned(tp));
            }
            for (PartitionState<K, V> ps : states) {
                ps.paused = paused;
                if (!paused && ps.hasAvailable()) {
                    onAvailable(ps.partition);
                }
            }
            fetcher.maybeFetch();
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Seeks partitions to the given committed offsets (validated against the leader's log first
     * when they carry a leader epoch); the others are reset with {@code auto.offset.reset}. Fails
     * if a partition is no longer assigned.
     */
    public CompletableFuture<Void> seekToCommitted(
            Set<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return call(() -> {
            List<PartitionState<K, V>> states = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                states.add(assigned(tp));
            }
            for (PartitionState<K, V> ps : states) {
                OffsetAndMetadata offset = offsets.get(ps.partition);
                if (offset != null) {
                    subscriptions.release(ps.seek(offset.offset(), offset.leaderEpoch(), true));
                    completePositionWaiters(ps);
                } else {
                    subscriptions.release(ps.requestReset(subscriptions.defaultReset()));
                }
            }
            triggerResets();
            fetcher.maybeFetch();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** A topic's partitions within the default API timeout. */
    public CompletableFuture<List<PartitionInfo>> partitionsFor(String topic) {
        return call(() -> TopicInfos.partitionsFor(
                context, topic, options.defaultApiTimeout().toNanos()));
    }

    /** All non-internal topics and their partitions within the default API timeout. */
    public CompletableFuture<Map<String, List<PartitionInfo>>> listTopics() {
        return call(
                () -> TopicInfos.listTopics(context, options.defaultApiTimeout().toNanos()));
    }

    /** The high watermark of the last fetch response for the partition; any thread. */
    public OptionalLong highWatermark(TopicPartition tp) {
        PartitionState<K, V> ps = subscriptions.get(tp);
        return ps == null || ps.highWatermark < 0 ? OptionalLong.empty() : OptionalLong.of(ps.highWatermark);
    }

    /** The last stable offset of the last fetch response for the partition; any thread. */
    public OptionalLong lastStableOffset(TopicPartition tp) {
        PartitionState<K, V> ps = subscriptions.get(tp);
        return ps == null || ps.lastStableOffset < 0 ? OptionalLong.empty() : OptionalLong.of(ps.lastStableOffset);
    }

    /** ListOffsets for the given timestamps (or -2 earliest, -1 latest) with the default API timeout. */
    public CompletableFuture<Map<TopicPartition, OffsetLookup.Listed>> listOffsets(
            Map<TopicPartition, Long> timestamps, IsolationLevel isolation) {
        Map<TopicPartition, Long> copy = Map.copyOf(timestamps);
        return call(() -> context.start()
                .thenCompose(s ->
                        lookup.list(copy, isolation, options.defaultApiTimeout().toNanos())));
    }

    // ------------------------------------------------------------------ close

    /** Whether close was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Fails pending calls with a "consumer closed" error and closes connections. */
    public CompletableFuture<Void> close(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            return context.close(timeout);
        }
        closed = true;
        Runnable closeAll = () -> {
            fetcher.close();
            KafkaException cause = closedException();
            for (Waiter<K, V, ?> w : List.copyOf(waiters)) {
                finishIfOpen(w, null, cause);
            }
            waiters.clear();
            for (PartitionState<K, V> ps : subscriptions.states()) {
                List<CompletableFuture<Long>> ws = List.copyOf(ps.positionWaiters);
                ps.positionWaiters.clear();
                ws.forEach(f -> f.completeExceptionally(cause));
            }
            context.close(timeout).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            });
        };
        if (!Loops.execute(context.loop(), closeAll)) {
            // Shared resources shut down first: the loop is gone, so nothing else touches this state.
            closeAll.run();
        }
        return done;
    }

    private static KafkaException closedException() {
        return new KafkaException("The consumer was closed");
    }

    // ------------------------------------------------------------------ helpers

    private PartitionState<K, V> assigned(TopicPartition tp) {
        PartitionState<K, V> ps = subscriptions.state(tp);
        if (ps == null) {
            throw new IllegalStateException("Partition " + tp + " is not assigned to this consumer");
        }
        return ps;
    }

    private void run(Runnable action) {
        if (!Loops.execute(context.loop(), action)) {
            log.debug("Dropped a consumer action: the event loop is shut down");
        }
    }

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        return Loops.call(context.loop(), action);
    }

    /** Decoded records buffered and not yet handed out, over all partitions. */
    public CompletableFuture<Integer> bufferedRecords() {
        return call(() -> {
            int n = 0;
            for (PartitionState<K, V> ps : subscriptions.states()) {
                for (Chunk<K, V> c : ps.buffer) {
                    n += c.remaining();
                }
            }
            return CompletableFuture.completedFuture(n);
        });
    }

    /** Bytes buffered over all partitions, decoded or not. */
    public CompletableFuture<Long> bufferedBytes() {
        return call(() -> CompletableFuture.completedFuture(subscriptions.totalBuffered()));
    }
}
