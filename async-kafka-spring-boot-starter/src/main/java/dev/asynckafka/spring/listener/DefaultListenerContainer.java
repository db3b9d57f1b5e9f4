package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.listener.RecordProcessor.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container of one {@link AsyncKafkaListener}: one consumer (byte-array keys and values,
 * {@code enable.auto.commit=false}) whose assigned partitions each get a {@link PartitionLane}.
 *
 * <p>Fetching: a getMany is issued only for lanes with room, at most one outstanding per
 * partition, asking for no more records than the fullest of them has room for; a full lane is
 * simply not asked for, so the consumer stops fetching that partition once its buffer fills while
 * the others flow. Processing: each lane hands one record (or batch) at a time to the
 * {@link RecordProcessor}; lanes run concurrently through a {@link LaneScheduler} bounded by
 * {@code concurrency}. Commits: the contiguous done prefix of each lane, every
 * {@code commit-interval}, on revocation and on stop.
 *
 * <p>Threads: consumer callbacks (getMany results, rebalance callbacks) run on the consumer's
 * executor, listener code on the container's executor, backoff and commit timers on the registry's
 * timer thread; shared state is guarded by this object's monitor, which is never held while calling
 * the listener, the consumer or an observer.
 */
final class DefaultListenerContainer implements ListenerContainer {
    private static final Logger log = LoggerFactory.getLogger(DefaultListenerContainer.class);
    private static final Duration MAX_FETCH_WAIT = Duration.ofSeconds(5);

    private final ListenerEndpoint endpoint;
    private final ListenerSettings settings;
    private final AsyncKafkaClientFactory factory;
    private final ListenerErrorHandler errorHandler;
    private final List<ListenerObserver> observers;
    private final ScheduledExecutorService timer;
    private final boolean virtualThreads;

    // Guarded by this.
    private final Map<TopicPartition, PartitionLane> lanes = new LinkedHashMap<>();
    private volatile State state = State.STOPPED;
    private volatile @Nullable Throwable failure;
    private volatile boolean paused;
    private volatile @Nullable AsyncKafkaConsumer<byte[], byte[]> consumer;
    private @Nullable ExecutorService executor;
    private @Nullable RecordProcessor processor;
    private @Nullable ScheduledFuture<?> commitTask;
    private boolean stopping;
    private boolean committing;
    private boolean keepAliveOutstanding;
    private Duration fetchWait = MAX_FETCH_WAIT;
    private Duration revokeWait = Duration.ofSeconds(45);

    DefaultListenerContainer(
            ListenerEndpoint endpoint,
            AsyncKafkaClientFactory factory,
            ListenerErrorHandler errorHandler,
            List<ListenerObserver> observers,
            ScheduledExecutorService timer,
            boolean virtualThreads) {
        this.endpoint = endpoint;
        this.settings = endpoint.settings();
        this.factory = factory;
        this.errorHandler = errorHandler;
        this.observers = List.copyOf(observers);
        this.timer = timer;
        this.virtualThreads = virtualThreads;
    }

    // ------------------------------------------------------------------ ListenerContainer

    @Override
    public String id() {
        return endpoint.id();
    }

    @Override
    public @Nullable String groupId() {
        AsyncKafkaConsumer<byte[], byte[]> c = consumer;
        return c != null ? c.options().groupId() : endpoint.groupId();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public @Nullable Throwable failure() {
        return failure;
    }

    @Override
    public synchronized Set<TopicPartition> assignment() {
        return Set.copyOf(lanes.keySet());
    }

    @Override
    public synchronized int pendingRecords(TopicPartition partition) {
        PartitionLane lane = lanes.get(partition);
        return lane == null ? 0 : lane.pending();
    }

    @Override
    public @Nullable AsyncKafkaConsumer<?, ?> consumer() {
        return consumer;
    }

    /** The endpoint this container runs. */
    ListenerEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void pause() {
        Set<TopicPartition> assigned;
        synchronized (this) {
            if (paused) {
                return;
            }
            paused = true;
            assigned = Set.copyOf(lanes.keySet());
        }
        // The consumer stops fetching too; getMany calls on the paused partitions keep the member alive.
        consumerPause(assigned, true);
        log.info("Listener {} paused", id());
    }

    @Override
    public void resume() {
        Set<TopicPartition> assigned;
        synchronized (this) {
            if (!paused) {
                return;
            }
            paused = false;
            assigned = Set.copyOf(lanes.keySet());
        }
        consumerPause(assigned, false);
        log.info("Listener {} resumed", id());
        List<Work> started;
        synchronized (this) {
            started = dispatchAll();
        }
        startAll(started);
        maybeFetch();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    private void consumerPause(Set<TopicPartition> partitions, boolean pause) {
        AsyncKafkaConsumer<byte[], byte[]> c = consumer;
        if (c == null || partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> assigned = new LinkedHashSet<>(partitions);
        assigned.retainAll(c.assignment());
        try {
            if (pause) {
                c.pause(assigned);
            } else {
                c.resume(assigned);
            }
        } catch (IllegalStateException e) {
            log.debug("Listener {}: partitions changed while pausing or resuming", id(), e);
        }
    }

    // ------------------------------------------------------------------ start

    /** Creates the consumer and subscribes. */
    synchronized void start() {
        if (state == State.RUNNING || state == State.STARTING || state == State.STOPPING) {
            return;
        }
        state = State.STARTING;
        failure = null;
        stopping = false;
        lanes.clear();
        ExecutorService exec = ListenerExecutors.create(id(), settings.concurrency(), virtualThreads);
        executor = exec;
        LaneScheduler scheduler = new LaneScheduler(exec, settings.concurrency());
        processor = new RecordProcessor(
                this, endpoint.method(), settings.retry(), errorHandler, observers, timer, scheduler, exec);
        Map<String, String> overrides = new HashMap<>(endpoint.overrides());
        overrides.put("enable.auto.commit", "false");
        AsyncKafkaConsumer<byte[], byte[]> c;
        try {
            c = factory.createConsumer(
                    endpoint.groupId(), id(), overrides, Deserializers.byteArray(), Deserializers.byteArray());
            if (c.options().groupId() == null) {
                c.close(Duration.ZERO);
                throw new IllegalStateException("Listener " + id()
                        + " has no consumer group: set @AsyncKafkaListener(groupId) or async-kafka.consumer.group-id");
            }
        } catch (RuntimeException e) {
            exec.shutdownNow();
            executor = null;
            state = State.FAILED;
            failure = e;
            throw e;
        }
        consumer = c;
        Duration rebalance = c.options().rebalanceTimeout();
        // Leave time to commit before the coordinator stops waiting for the revocation.
        revokeWait = rebalance.minus(min(rebalance.dividedBy(4), Duration.ofSeconds(5)));
        fetchWait = min(MAX_FETCH_WAIT, c.options().maxPollInterval().dividedBy(4));
        long interval = settings.commitInterval().toNanos();
        commitTask = timer.scheduleWithFixedDelay(this::commitSafely, interval, interval, TimeUnit.NANOSECONDS);
        RebalanceListener rebalanceListener = new LaneRebalanceListener();
        CompletableFuture<Void> subscribed = endpoint.pattern() != null
                ? c.subscribe(endpoint.pattern(), rebalanceListener)
                : c.subscribe(endpoint.topics(), rebalanceListener);
        state = State.RUNNING;
        log.info(
                "Listener {} started: group {}, {}",
                id(),
                c.options().groupId(),
                endpoint.pattern() != null ? "pattern " + endpoint.pattern() : "topics " + endpoint.topics());
        subscribed.whenComplete((v, e) -> {
            if (e != null) {
                fail(e);
            } else {
                maybeFetch();
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ------------------------------------------------------------------ fetching

    /**
     * Issues getMany calls for the lanes that have room and none outstanding (any thread, never
     * under the lock). Lanes with at least half their capacity free share one call asking for no
     * more than the smallest room among them; a lane with less room gets a call of its own, so a
     * nearly full lane never shrinks the others' fetches.
     */
    void maybeFetch() {
        AsyncKafkaConsumer<byte[], byte[]> c = consumer;
        List<Map<TopicPartition, PartitionLane>> calls = new ArrayList<>();
        List<Integer> maxes = new ArrayList<>();
        boolean keepAlive = false;
        synchronized (this) {
            if (c == null || stopping || state != State.RUNNING || keepAliveOutstanding) {
                return;
            }
            Map<TopicPartition, PartitionLane> wide = new LinkedHashMap<>();
            int wideMax = Integer.MAX_VALUE;
            int threshold = Math.max(1, settings.maxRecordsPerLane() / 2);
            boolean anyOutstanding = false;
            for (PartitionLane lane : lanes.values()) {
                anyOutstanding |= lane.fetching;
                if (lane.fetching || lane.draining) {
                    continue;
                }
                int room = lane.room();
                if (paused) {
                    // The consumer hands nothing out while paused; the call only keeps the member alive.
                    wide.put(lane.partition, lane);
                    wideMax = 1;
                } else if (room >= threshold) {
                    wide.put(lane.partition, lane);
                    wideMax = Math.min(wideMax, room);
                } else if (room > 0) {
                    calls.add(Map.of(lane.partition, lane));
                    maxes.add(room);
                }
            }
            if (!wide.isEmpty()) {
                calls.add(wide);
                maxes.add(wideMax);
            }
            if (calls.isEmpty()) {
                if (!lanes.isEmpty() || anyOutstanding) {
                    return;
                }
                // No partitions: a getMany over the whole (empty) assignment keeps the member in the group
                // (max.poll.interval.ms). Per-lane calls wait for it, so a partition assigned meanwhile
                // never has two calls outstanding.
                keepAlive = true;
                keepAliveOutstanding = true;
                calls.add(Map.of());
                maxes.add(settings.maxRecordsPerLane());
            }
            for (Map<TopicPartition, PartitionLane> call : calls) {
                for (PartitionLane lane : call.values()) {
                    lane.fetching = true;
                }
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            Map<TopicPartition, PartitionLane> asked = calls.get(i);
            CompletableFuture<ConsumerRecords<byte[], byte[]>> f;
            try {
                f = keepAlive
                        ? c.getMany(fetchWait, maxes.get(i))
                        : c.getMany(Set.copyOf(asked.keySet()), fetchWait, maxes.get(i));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            boolean wasKeepAlive = keepAlive;
            f.whenComplete((records, e) -> fetched(asked, wasKeepAlive, records, e));
        }
    }

    private void fetched(
            Map<TopicPartition, PartitionLane> asked,
            boolean keepAlive,
            @Nullable ConsumerRecords<byte[], byte[]> records,
            @Nullable Throwable error) {
        List<Work> started = new ArrayList<>();
        Map<TopicPartition, Long> orphans = new HashMap<>();
        boolean fatal = false;
        boolean notAssigned = false;
        synchronized (this) {
            for (PartitionLane lane : asked.values()) {
                lane.fetching = false;
            }
            if (error != null) {
                Throwable cause = RecordProcessor.unwrap(error);
                // A partition revoked between choosing it and the call is expected; anything else
                // (a failed partition, a closed consumer) is fatal unless we are stopping anyway.
                notAssigned = cause instanceof IllegalStateException;
                fatal = !notAssigned && !stopping && state == State.RUNNING;
            } else if (records != null) {
                for (TopicPartition tp : records.partitions()) {
                    PartitionLane lane = keepAlive ? lanes.get(tp) : asked.get(tp);
                    if (lane == null && keepAlive) {
                        // Assigned, but our assignment callback has not run yet: give the records
                        // back so that the lane starts with them.
                        orphans.put(tp, records.records(tp).get(0).offset());
                        continue;
                    }
                    if (lane == null || lanes.get(tp) != lane || lane.draining || lane.closed) {
                        // Revoked meanwhile: the records were never processed, whoever owns the
                        // partition next resumes from the committed offset.
                        continue;
                    }
                    lane.add(records.records(tp));
                    Work w = dispatch(lane);
                    if (w != null) {
                        started.add(w);
                    }
                }
            }
        }
        if (fatal) {
            fail(RecordProcessor.unwrap(error));
            return;
        }
        startAll(started);
        if (keepAlive) {
            // Per-lane fetches wait until the returned records are sought back.
            seekBack(orphans).whenComplete((v, e) -> {
                synchronized (this) {
                    keepAliveOutstanding = false;
                }
                maybeFetch();
            });
        } else if (notAssigned) {
            // Let the rebalance that caused it finish instead of spinning on it.
            timer.schedule(this::maybeFetch, 100, TimeUnit.MILLISECONDS);
        } else {
            maybeFetch();
        }
    }

    private CompletableFuture<Void> seekBack(Map<TopicPartition, Long> offsets) {
        AsyncKafkaConsumer<byte[], byte[]> c = consumer;
        if (c == null || offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> seeks = new ArrayList<>();
        offsets.forEach((tp, offset) -> {
            try {
                seeks.add(c.seek(tp, offset).exceptionally(e -> null));
            } catch (IllegalStateException e) {
                // Revoked already: its position went with it.
            }
        });
        return CompletableFuture.allOf(seeks.toArray(CompletableFuture[]::new));
    }

    // ------------------------------------------------------------------ processing

    /** Hands the lane's next record or batch over if it can; under the lock. */
    private @Nullable Work dispatch(PartitionLane lane) {
        if (lane.busy || lane.draining || lane.closed || paused || stopping || lane.queued() == 0) {
            return null;
        }
        RecordProcessor p = processor;
        if (p == null) {
            return null;
        }
        int max = endpoint.method().isBatch() ? settings.batchMaxRecords() : 1;
        return new Work(lane, lane.next(max));
    }

    private List<Work> dispatchAll() {
        List<Work> out = new ArrayList<>();
        for (PartitionLane lane : lanes.values()) {
            Work w = dispatch(lane);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    private void startAll(List<Work> works) {
        RecordProcessor p = processor;
        if (p == null) {
            return;
        }
        for (Work w : works) {
            p.start(w);
        }
    }

    /** Whether the lane's work still counts (not revoked or stopped past the wait). */
    synchronized boolean isAlive(PartitionLane lane) {
        return !lane.closed && lanes.get(lane.partition) == lane;
    }

    /**
     * The work is over: {@code done} means processed or handled by the error handler (its offsets
     * become committable), otherwise it was given up and its records stay uncommitted.
     */
    void finish(Work w, boolean done) {
        CompletableFuture<Void> idle;
        Work next = null;
        synchronized (this) {
            PartitionLane lane = w.lane;
            if (done && !lane.closed) {
                for (var r : w.records) {
                    lane.offsets.done(r.offset());
                }
            }
            idle = lane.finished();
            if (lanes.get(lane.partition) == lane) {
                next = dispatch(lane);
            }
        }
        idle.complete(null);
        if (next != null) {
            startAll(List.of(next));
        }
        maybeFetch();
    }

    // ------------------------------------------------------------------ commits

    private void commitSafely() {
        try {
            commit(null);
        } catch (RuntimeException e) {
            log.warn("Listener {}: periodic commit failed", id(), e);
        }
    }

    /**
     * Commits the done prefix of the given lanes (all when null) that moved since the last commit.
     *
     * @return completes (on the consumer's loop) when the commit is acknowledged or failed; never fails
     */
    private CompletableFuture<Void> commit(@Nullable Set<TopicPartition> only) {
        AsyncKafkaConsumer<byte[], byte[]> c = consumer;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, PartitionLane> which = new HashMap<>();
        synchronized (this) {
            if (c == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (only == null) {
                if (committing) {
                    return CompletableFuture.completedFuture(null);
                }
                committing = true;
            }
            for (PartitionLane lane : lanes.values()) {
                if ((only == null || only.contains(lane.partition)) && !lane.closed && lane.offsets.dirty()) {
                    offsets.put(lane.partition, new OffsetAndMetadata(lane.offsets.committable()));
                    which.put(lane.partition, lane);
                }
            }
            if (offsets.isEmpty()) {
                if (only == null) {
                    committing = false;
                }
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> f;
        try {
            f = c.commit(offsets);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((v, e) -> {
            synchronized (this) {
                if (only == null) {
                    committing = false;
                }
                if (e == null) {
                    which.forEach(
                            (tp, lane) -> lane.offsets.committed(offsets.get(tp).offset()));
                }
            }
            if (e != null) {
                Throwable cause = RecordProcessor.unwrap(e);
                if (cause instanceof KafkaException ke && ke.isRetriable()) {
                    // Typically a rebalance in progress: the next commit (or the revocation) covers it.
                    log.info("Listener {}: commit of {} failed (will retry): {}", id(), offsets, cause.toString());
                } else {
                    log.warn("Listener {}: commit of {} failed: {}", id(), offsets, cause.toString());
                }
            } else {
                log.debug("Listener {}: committed {}", id(), offsets);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ rebalancing

    private final class LaneRebalanceListener implements RebalanceListener {
        @Override
        public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
            List<TopicPartition> added = new ArrayList<>();
            boolean pausedNow;
            synchronized (DefaultListenerContainer.this) {
                for (TopicPartition tp : partitions) {
                    PartitionLane existing = lanes.get(tp);
                    if (existing == null || existing.draining || existing.closed) {
                        if (existing != null) {
                            existing.closed = true;
                        }
                        lanes.put(tp, new PartitionLane(tp, settings.maxRecordsPerLane()));
                        added.add(tp);
                    }
                }
                pausedNow = paused;
            }
            if (!added.isEmpty()) {
                log.info("Listener {}: partitions assigned {}", id(), added);
                if (pausedNow) {
                    consumerPause(Set.copyOf(added), true);
                }
                for (ListenerObserver o : observers) {
                    try {
                        o.partitionsAssigned(DefaultListenerContainer.this, List.copyOf(added));
                    } catch (RuntimeException e) {
                        log.warn("ListenerObserver {} failed", o, e);
                    }
                }
            }
            maybeFetch();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
            return revoke(partitions, true);
        }

        @Override
        public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
            return revoke(partitions, false);
        }
    }

    /**
     * Revocation: stop handing over records of these partitions, wait for their in-flight records
     * (up to a bit less than the rebalance timeout; on stop, they were awaited already), commit
     * them, drop the lanes. Lost partitions are dropped at once without a commit.
     */
    private CompletionStage<Void> revoke(Set<TopicPartition> partitions, boolean commit) {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        Duration wait;
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                PartitionLane lane = lanes.get(tp);
                if (lane != null) {
                    lane.draining = true;
                    lane.dropQueued();
                    if (lane.busy) {
                        inFlight.add(lane.idle());
                    }
                }
            }
            wait = stopping ? Duration.ZERO : revokeWait;
        }
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Listener {}: partitions {} {}", id(), commit ? "revoked" : "lost", partitions);
        // On stop, shutdown() has waited for in-flight records already (and said so).
        CompletableFuture<Void> drained = !commit || inFlight.isEmpty() || wait.isZero()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
                        .exceptionally(e -> {
                            if (RecordProcessor.unwrap(e) instanceof TimeoutException) {
                                log.warn(
                                        "Listener {}: in-flight records of {} did not finish within {} ms;"
                                                + " they will be delivered again to the partitions' next owner",
                                        id(),
                                        partitions,
                                        wait.toMillis());
                            }
                            return null;
                        });
        return drained.thenCompose(v -> commit ? commit(partitions) : CompletableFuture.completedFuture(null))
                .thenRun(() -> drop(partitions));
    }

    private void drop(Set<TopicPartition> partitions) {
        List<TopicPartition> removed = new ArrayList<>();
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                PartitionLane lane = lanes.get(tp);
                if (lane != null && lane.draining) {
                    lane.closed = true;
                    lanes.remove(tp);
                    removed.add(tp);
                }
            }
        }
        if (!removed.isEmpty()) {
            for (ListenerObserver o : observers) {
                try {
                    o.partitionsRevoked(this, List.copyOf(removed));
                } catch (RuntimeException e) {
                    log.warn("ListenerObserver {} failed", o, e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ stop and failure

    /**
     * Graceful stop: no new fetches or hand-overs, in-flight records finish within {@code
     * shutdown-timeout}, done offsets are committed (in the revocation the close triggers), the
     * consumer closes and leaves the group, the executor shuts down. Blocks the calling thread.
     */
    void stop() {
        shutdown(null);
    }

    private void shutdown(@Nullable Throwable cause) {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        AsyncKafkaConsumer<byte[], byte[]> c;
        ExecutorService exec;
        synchronized (this) {
            if (stopping || (state != State.RUNNING && state != State.STARTING && cause == null)) {
                return;
            }
            stopping = true;
            state = State.STOPPING;
            ScheduledFuture<?> t = commitTask;
            if (t != null) {
                t.cancel(false);
            }
            for (PartitionLane lane : lanes.values()) {
                lane.dropQueued();
                if (lane.busy) {
                    inFlight.add(lane.idle());
                }
            }
            c = consumer;
            exec = executor;
        }
        log.info("Listener {} stopping: waiting for {} in-flight record(s)", id(), inFlight.size());
        Duration timeout = settings.shutdownTimeout();
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "Listener {}: in-flight records did not finish within {} ms; they stay uncommitted",
                    id(),
                    timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.debug("Listener {}: waiting for in-flight records", id(), e);
        }
        if (c != null) {
            try {
                // Closing revokes the partitions (our revocation commits their done offsets) and leaves the group.
                c.close(timeout).get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("Listener {}: closing the consumer failed: {}", id(), e.toString());
            }
        }
        synchronized (this) {
            for (PartitionLane lane : lanes.values()) {
                lane.closed = true;
            }
            lanes.clear();
            consumer = null;
            executor = null;
            processor = null;
            keepAliveOutstanding = false;
            state = cause != null ? State.FAILED : State.STOPPED;
        }
        if (exec != null) {
            exec.shutdown();
            try {
                if (!exec.awaitTermination(1, TimeUnit.SECONDS)) {
                    exec.shutdownNow();
                }
            } catch (InterruptedException e) {
                exec.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        log.info("Listener {} {}", id(), cause != null ? "failed" : "stopped");
    }

    /** The consumer failed in a way the container cannot recover from: stop and stay FAILED. */
    private void fail(Throwable error) {
        synchronized (this) {
            if (stopping || state != State.RUNNING) {
                return;
            }
            failure = error;
        }
        log.error("Listener {} failed; stopping it", id(), error);
        Thread t = new Thread(() -> shutdown(error), id() + "-failure");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String toString() {
        return "ListenerContainer{" + id() + ", " + state + "}";
    }
}
