package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.listener.RecordProcessor.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
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
 * {@code concurrency}. A new lane of a partition hands nothing over while an earlier lane of that
 * partition (revoked, or of a previous run) still has a record in progress. Commits go through the
 * {@link CommitManager} (one at a time): the contiguous done prefix of each lane, every {@code
 * commit-interval}, on revocation and on stop. Pausing: {@link PauseControl}.
 *
 * <p>Threads: consumer callbacks (getMany results, rebalance callbacks) run on the consumer's
 * executor, and so do the continuations of the consumer's futures that complete on its I/O loop
 * (commits, seeks, the subscription), so neither observers nor this object's monitor are ever
 * reached from an I/O loop. Listener code runs on the container's executor, backoff and commit
 * timers on the registry's timer thread. Shared state is guarded by this object's monitor, which is
 * never held while calling the listener, the consumer or an observer. Callbacks of a consumer that
 * is no longer the container's (a previous run's) are ignored.
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
    private final PauseControl pauseControl;
    private final @Nullable ListenerTransactionSettings transactionSettings;

    // Guarded by this.
    private final Map<TopicPartition, PartitionLane> lanes = new LinkedHashMap<>();
    /** In-progress work of lanes that are gone (revoked, or of a previous run), by partition. */
    private final Map<TopicPartition, CompletableFuture<Void>> lingering = new HashMap<>();

    private volatile State state = State.STOPPED;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable AsyncKafkaConsumer<byte[], byte[]> consumer;
    private volatile Executor callbacks = ForkJoinPool.commonPool();
    private @Nullable ExecutorService executor;
    private @Nullable RecordProcessor processor;
    private @Nullable LaneScheduler scheduler;
    private @Nullable CommitManager commits;
    /** This run's transactional producers; null unless transactional (then nothing is committed with OffsetCommit). */
    private @Nullable TransactionalLanes transactions;

    private @Nullable ScheduledFuture<?> commitTask;
    private boolean stopping;
    private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);
    private @Nullable LaneFetcher fetcher;
    private Duration revokeWait = Duration.ofSeconds(45);

    DefaultListenerContainer(
            ListenerEndpoint endpoint,
            AsyncKafkaClientFactory factory,
            ListenerErrorHandler errorHandler,
            List<ListenerObserver> observers,
            ScheduledExecutorService timer,
            boolean virtualThreads,
            @Nullable ListenerTransactionSettings transactionSettings) {
        this.endpoint = endpoint;
        this.transactionSettings = transactionSettings;
        this.settings = endpoint.settings();
        this.factory = factory;
        this.errorHandler = errorHandler;
        this.observers = List.copyOf(observers);
        this.timer = timer;
        this.virtualThreads = virtualThreads;
        this.pauseControl = new PauseControl(endpoint.id());
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
        if (pauseControl.pause(PauseControl.of(consumer))) {
            log.info("Listener {} paused", id());
        }
    }

    @Override
    public void resume() {
        if (!pauseControl.resume(PauseControl.of(consumer))) {
            return;
        }
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
        return pauseControl.isPaused();
    }

    /** Whether the current thread runs a task of this container's executor (listener code, mostly). */
    boolean isOwnThread() {
        return ListenerExecutors.runsFor(this);
    }

    /** Whether the partition's lane waits for an earlier lane's record still in progress (for tests). */
    synchronized boolean isHeldBack(TopicPartition partition) {
        PartitionLane lane = lanes.get(partition);
        return lane != null && lane.heldBack();
    }

    /** Whether no listener step runs or waits for a slot (for tests). */
    synchronized boolean isIdle() {
        LaneScheduler s = scheduler;
        return s == null || s.isIdle();
    }

    // ------------------------------------------------------------------ start

    /**
     * Creates the consumer and subscribes; nothing if running. While a stop is in progress, starts
     * once it completed: waiting for it, or (called from this container's own executor, which the
     * stop waits for) in the background.
     */
    void start() {
        CompletableFuture<Void> stop;
        synchronized (this) {
            if (!stopping) {
                startNow();
                return;
            }
            stop = stopped;
        }
        if (isOwnThread()) {
            stop.thenRunAsync(this::startLogged, ForkJoinPool.commonPool());
            return;
        }
        stop.join();
        start();
    }

    private void startLogged() {
        try {
            start();
        } catch (RuntimeException e) {
            log.error("Listener {} could not be started after its stop", id(), e);
        }
    }

    private synchronized void startNow() {
        if (state == State.RUNNING || state == State.STARTING) {
            return;
        }
        state = State.STARTING;
        failure = null;
        lanes.clear();
        ExecutorService exec = ListenerExecutors.create(id(), settings.concurrency(), virtualThreads);
        executor = exec;
        // Steps may be rejected once stopped (the scheduler ends their work); continuations never are.
        Executor steps = ListenerExecutors.owned(exec, this);
        Executor continuations = ListenerExecutors.orElseCommonPool(steps);
        LaneScheduler sched = new LaneScheduler(steps, settings.concurrency());
        scheduler = sched;
        Map<String, String> overrides = new HashMap<>(endpoint.overrides());
        overrides.put("enable.auto.commit", "false");
        if (transactionSettings != null) {
            // Consume-transform-produce reads only committed input, unless the listener says otherwise.
            overrides.putIfAbsent("isolation.level", "read_committed");
        }
        AsyncKafkaConsumer<byte[], byte[]> c;
        try {
            c = factory.createConsumer(
                    endpoint.groupId(), id(), overrides, Deserializers.byteArray(), Deserializers.byteArray());
            if (c.options().groupId() == null) {
                c.closeAsync(Duration.ZERO);
                throw new IllegalStateException("Listener " + id()
                        + " has no consumer group: set @AsyncKafkaListener(groupId) or async-kafka.consumer.group-id");
            }
            if (transactionSettings == null && endpoint.method().takesTransaction()) {
                c.closeAsync(Duration.ZERO);
                throw new IllegalStateException("Listener " + id() + " takes a ListenerTransaction, but the containers"
                        + " are not transactional: set async-kafka.producer.transaction-id-prefix");
            }
        } catch (RuntimeException e) {
            exec.shutdownNow();
            executor = null;
            processor = null;
            scheduler = null;
            state = State.FAILED;
            failure = e;
            throw e;
        }
        consumer = c;
        TransactionalLanes txns = transactionSettings == null
                ? null
                : new TransactionalLanes(
                        id(),
                        transactionSettings,
                        factory,
                        java.util.Objects.requireNonNull(c.options().groupId()),
                        c::groupMetadata,
                        settings.shutdownTimeout());
        transactions = txns;
        processor = new RecordProcessor(
                this, endpoint.method(), settings.retry(), errorHandler, observers, timer, sched, continuations, txns);
        Executor cb = ListenerExecutors.orElseCommonPool(c.options().executor());
        callbacks = cb;
        // Transactional: offsets go into each record's transaction, never through OffsetCommit.
        commits = txns == null ? new CommitManager(id(), this, lanes::values, cb) : null;
        Duration rebalance = c.options().rebalanceTimeout();
        // Leave time to commit before the coordinator stops waiting for the revocation.
        revokeWait = rebalance.minus(min(rebalance.dividedBy(4), Duration.ofSeconds(5)));
        fetcher = new LaneFetcher(
                this,
                c,
                min(MAX_FETCH_WAIT, c.options().maxPollInterval().dividedBy(4)),
                settings.maxRecordsPerLane(),
                timer,
                cb);
        long interval = settings.commitInterval().toNanos();
        commitTask = txns != null
                ? null
                : timer.scheduleWithFixedDelay(() -> commitSafely(c), interval, interval, TimeUnit.NANOSECONDS);
        RebalanceListener rebalanceListener = new LaneRebalanceListener(c);
        CompletableFuture<Void> subscribed = endpoint.pattern() != null
                ? c.subscribe(endpoint.pattern(), rebalanceListener)
                : c.subscribe(endpoint.topics(), rebalanceListener);
        state = State.RUNNING;
        log.info(
                "Listener {} started: group {}, {}",
                id(),
                c.options().groupId(),
                endpoint.pattern() != null ? "pattern " + endpoint.pattern() : "topics " + endpoint.topics());
        // Completes on the consumer's I/O loop.
        subscribed.whenCompleteAsync(
                (v, e) -> {
                    if (e != null) {
                        fail(c, e);
                    } else {
                        maybeFetch();
                    }
                },
                cb);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ------------------------------------------------------------------ fetching

    /** Fetches for lanes with room (any thread, never under the lock); see {@link LaneFetcher}. */
    void maybeFetch() {
        LaneFetcher f;
        synchronized (this) {
            f = fetcher;
        }
        if (f != null) {
            f.maybeFetch();
        }
    }

    /** Under the lock: whether {@code c} is the running consumer and records may be fetched. */
    boolean fetchable(AsyncKafkaConsumer<byte[], byte[]> c) {
        return consumer == c && !stopping && state == State.RUNNING;
    }

    /** Under the lock: whether {@code c} is this run's consumer. */
    boolean isCurrent(AsyncKafkaConsumer<byte[], byte[]> c) {
        return consumer == c;
    }

    /** Under the lock: the lanes. */
    Collection<PartitionLane> lanes() {
        return lanes.values();
    }

    /** Under the lock: the partition's lane, or null. */
    @Nullable
    PartitionLane lane(TopicPartition partition) {
        return lanes.get(partition);
    }

    // ------------------------------------------------------------------ processing

    /** Hands the lane's next record or batch over if it can; under the lock. */
    @Nullable
    Work dispatch(PartitionLane lane) {
        if (lane.busy
                || lane.draining
                || lane.rewinding
                || lane.closed
                || lane.heldBack()
                || pauseControl.isPaused()
                || stopping
                || lane.queued() == 0) {
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

    void startAll(List<Work> works) {
        RecordProcessor p;
        synchronized (this) {
            p = processor;
        }
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
     * Called before the first attempt of work handed over earlier: whether it may begin. Not if its
     * lane is gone (the work is given up) or the container was paused since (its records go back to
     * the lane, to be handed over again on resume).
     */
    boolean begin(Work w) {
        boolean alive;
        synchronized (this) {
            alive = !w.lane.closed && lanes.get(w.lane.partition) == w.lane;
            if (alive && !pauseControl.isPaused()) {
                return true;
            }
        }
        end(w, false, alive);
        return false;
    }

    /**
     * The work is over: {@code done} means processed or handled by the error handler (its offsets
     * become committable), otherwise it was given up and its records stay uncommitted.
     */
    void finish(Work w, boolean done) {
        end(w, done, false);
    }

    private void end(Work w, boolean done, boolean putBack) {
        CompletableFuture<Void> idle;
        Work next = null;
        AsyncKafkaConsumer<byte[], byte[]> commitOn = null;
        synchronized (this) {
            PartitionLane lane = w.lane;
            if (done && !lane.closed) {
                for (var r : w.records) {
                    lane.offsets.done(r.offset());
                }
                if (lane.offsets.dirty()) {
                    commitOn = consumer;
                }
            }
            if (putBack && !lane.closed) {
                lane.putBack(w.records);
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
        if (commitOn != null) {
            // Commit what is done now rather than at the next commit-interval: a crash then redoes
            // only what finished during one commit round trip. The commit manager coalesces: one
            // commit in flight, one waiting that sends everything done by the time it goes.
            commitSafely(commitOn);
        }
        maybeFetch();
    }

    /**
     * Transactional: the commit of {@code w}'s transaction failed fatally (its outcome is unknown,
     * or the producer was fenced), so its records may be committed already and must not be
     * processed again from memory. The work is given up, the lane drops its queued records and
     * stops fetching; once no fetch is outstanding, a new producer for the partition is initialized
     * (which completes or aborts the old transaction) and the consumer is sought to the committed
     * offset, from which the lane reads again.
     */
    void rewind(Work w, Throwable cause) {
        PartitionLane lane = w.lane;
        TransactionalLanes t;
        AsyncKafkaConsumer<byte[], byte[]> c;
        CompletableFuture<Void> notFetching = null;
        synchronized (this) {
            t = transactions;
            c = consumer;
            if (t != null && c != null && isAlive(lane)) {
                lane.rewinding = true;
                lane.dropQueued();
                notFetching = lane.whenNotFetching();
            }
        }
        log.warn(
                "Listener {}: the transaction of {} failed with an unknown outcome or was fenced ({}): not retried"
                        + " in memory; the partition is read again from its committed offset",
                id(),
                w.coordinates(),
                cause.toString());
        finish(w, false);
        if (notFetching != null && t != null && c != null) {
            TransactionalLanes txns = t;
            AsyncKafkaConsumer<byte[], byte[]> cons = c;
            notFetching.whenComplete((v, e) -> reread(lane, txns, cons));
        }
    }

    private void reread(PartitionLane lane, TransactionalLanes t, AsyncKafkaConsumer<byte[], byte[]> c) {
        if (!isAlive(lane)) {
            return;
        }
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> sought;
        try {
            sought = t.initialized(lane.partition).thenCompose(v -> c.seekToCommitted(Set.of(lane.partition)));
        } catch (RuntimeException e) {
            sought = CompletableFuture.failedFuture(e);
        }
        sought.whenCompleteAsync(
                (v, e) -> {
                    if (e != null) {
                        if (!isAlive(lane)) {
                            return;
                        }
                        log.warn(
                                "Listener {}: could not read {} again from its committed offset, trying again in"
                                        + " 1 s: {}",
                                id(),
                                lane.partition,
                                RecordProcessor.unwrap(e).toString());
                        try {
                            timer.schedule(() -> reread(lane, t, c), 1, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.RejectedExecutionException re) {
                            // Stopping: nothing to read any more.
                        }
                        return;
                    }
                    synchronized (this) {
                        lane.rewinding = false;
                    }
                    maybeFetch();
                },
                callbacks);
    }

    // ------------------------------------------------------------------ commits

    private void commitSafely(AsyncKafkaConsumer<byte[], byte[]> c) {
        try {
            commit(c, null);
        } catch (RuntimeException e) {
            log.warn("Listener {}: commit failed", id(), e);
        }
    }

    /** Commits (after any commit before it) the done prefix of the given lanes, all when null; never fails. */
    private CompletableFuture<Void> commit(
            AsyncKafkaConsumer<byte[], byte[]> c, @Nullable Collection<TopicPartition> only) {
        CommitManager m;
        synchronized (this) {
            m = consumer == c ? commits : null;
        }
        return m == null ? CompletableFuture.completedFuture(null) : m.commit(c::commit, only);
    }

    // ------------------------------------------------------------------ rebalancing

    private final class LaneRebalanceListener implements RebalanceListener {
        private final AsyncKafkaConsumer<byte[], byte[]> c;

        LaneRebalanceListener(AsyncKafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
            List<TopicPartition> added = new ArrayList<>();
            List<PartitionLane> heldBack = new ArrayList<>();
            TransactionalLanes txns;
            synchronized (DefaultListenerContainer.this) {
                if (consumer != c) {
                    return CompletableFuture.completedFuture(null);
                }
                txns = transactions;
                for (TopicPartition tp : partitions) {
                    PartitionLane existing = lanes.get(tp);
                    if (existing == null || existing.draining || existing.closed) {
                        if (existing != null) {
                            retire(existing);
                        }
                        PartitionLane lane = new PartitionLane(tp, settings.maxRecordsPerLane(), lingering.get(tp));
                        lanes.put(tp, lane);
                        added.add(tp);
                        if (lane.heldBack()) {
                            heldBack.add(lane);
                        }
                    }
                }
            }
            if (!added.isEmpty()) {
                log.info("Listener {}: partitions assigned {}", id(), added);
                pauseControl.assigned(PauseControl.of(c), added);
                for (PartitionLane lane : heldBack) {
                    log.warn(
                            "Listener {}: {} waits for a record of its previous lane still in the listener"
                                    + " before handing over more",
                            id(),
                            lane.partition);
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
            if (txns == null || added.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            // Initialize the new partitions' producers before the callback completes: that fences
            // the previous owner and finishes its open transaction before the consumer fetches
            // the committed offsets. A failure is retried by the first transaction.
            return CompletableFuture.allOf(added.stream()
                    .map(tp -> txns.initialized(tp).exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new));
        }

        @Override
        public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
            return revoke(c, partitions, true);
        }

        @Override
        public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
            return revoke(c, partitions, false);
        }
    }

    /**
     * The lane is gone for good (under the lock). A record it still has in the listener holds back
     * the partition's next lane until it is over.
     */
    private void retire(PartitionLane lane) {
        lane.closed = true;
        lane.dropQueued();
        if (!lane.busy) {
            return;
        }
        TopicPartition tp = lane.partition;
        CompletableFuture<Void> before = lingering.get(tp);
        CompletableFuture<Void> all =
                before == null || before.isDone() ? lane.idle() : CompletableFuture.allOf(before, lane.idle());
        lingering.put(tp, all);
        all.whenComplete((v, e) -> release(tp, all));
    }

    /** Earlier work of the partition is over: its current lane may hand over records. */
    private void release(TopicPartition tp, CompletableFuture<Void> work) {
        callbacks.execute(() -> {
            Work w;
            synchronized (this) {
                lingering.remove(tp, work);
                PartitionLane lane = lanes.get(tp);
                w = lane == null ? null : dispatch(lane);
            }
            if (w != null) {
                startAll(List.of(w));
            }
        });
    }

    /**
     * Revocation: stop handing over records of these partitions, wait for their in-flight records
     * (up to a bit less than the rebalance timeout; on stop, they were awaited already), commit
     * them, drop the lanes. Lost partitions are dropped at once without a commit.
     */
    private CompletionStage<Void> revoke(
            AsyncKafkaConsumer<byte[], byte[]> c, Set<TopicPartition> partitions, boolean commit) {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        Duration wait;
        synchronized (this) {
            if (consumer != c) {
                return CompletableFuture.completedFuture(null);
            }
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
        // The commit completes on the I/O loop (the commit manager hands over to the consumer's
        // executor); the drop (observers, the monitor) runs there too, before the revocation completes.
        return drained.thenCompose(v -> commit ? commit(c, partitions) : CompletableFuture.completedFuture(null))
                .thenRunAsync(() -> drop(partitions), callbacks);
    }

    private void drop(Set<TopicPartition> partitions) {
        List<TopicPartition> removed = new ArrayList<>();
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                PartitionLane lane = lanes.get(tp);
                if (lane != null && lane.draining) {
                    retire(lane);
                    lanes.remove(tp);
                    removed.add(tp);
                    if (transactions != null) {
                        transactions.release(tp, lane.idle());
                    }
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
     * consumer closes and leaves the group, the executor shuts down. Blocks the calling thread until
     * the container is stopped, also when another thread began the stop. Called from the
     * container's own executor (listener code), it cannot wait for the in-flight record that is its
     * caller: the stop then begins (the container is {@code STOPPING}, nothing new is handed over)
     * and completes in the background, and this returns at once.
     */
    void stop() {
        if (isOwnThread()) {
            Stop stop;
            synchronized (this) {
                stop = beginStop();
            }
            if (stop != null) {
                Thread t = new Thread(() -> finishStop(stop), id() + "-stop");
                t.setDaemon(true);
                t.start();
            }
            return;
        }
        shutdown();
    }

    /** A stop in progress: what its first phase collected. */
    private record Stop(
            List<CompletableFuture<Void>> inFlight,
            @Nullable AsyncKafkaConsumer<byte[], byte[]> consumer,
            ExecutorService executor,
            CompletableFuture<Void> done) {}

    private void shutdown() {
        Stop stop;
        CompletableFuture<Void> other;
        synchronized (this) {
            other = stopped;
            stop = beginStop();
        }
        if (stop != null) {
            finishStop(stop);
        } else if (!isOwnThread()) {
            // Another thread stops it (or nothing runs): wait until it is really stopped.
            other.join();
        }
    }

    /**
     * Under the lock: stops fetching, committing periodically and handing over records, and collects
     * what the rest of the stop waits for; null if stopping already or nothing runs.
     */
    private @Nullable Stop beginStop() {
        ExecutorService exec = executor;
        if (stopping || exec == null) {
            return null;
        }
        stopping = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        stopped = done;
        if (state != State.FAILED) {
            state = State.STOPPING;
        }
        ScheduledFuture<?> t = commitTask;
        if (t != null) {
            t.cancel(false);
        }
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (PartitionLane lane : lanes.values()) {
            lane.dropQueued();
            if (lane.busy) {
                inFlight.add(lane.idle());
            }
        }
        return new Stop(inFlight, consumer, exec, done);
    }

    private void finishStop(Stop stop) {
        ExecutorService exec = stop.executor();
        try {
            drainAndClose(stop.inFlight(), stop.consumer());
        } finally {
            closeTransactions();
            synchronized (this) {
                for (PartitionLane lane : List.copyOf(lanes.values())) {
                    retire(lane);
                }
                lanes.clear();
                consumer = null;
                executor = null;
                processor = null;
                scheduler = null;
                commits = null;
                fetcher = null;
                // A failure known at any point before keeps the container FAILED.
                state = failure != null ? State.FAILED : State.STOPPED;
            }
            exec.shutdown();
            try {
                if (!exec.awaitTermination(1, TimeUnit.SECONDS)) {
                    exec.shutdownNow();
                }
            } catch (InterruptedException e) {
                exec.shutdownNow();
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                stopping = false;
            }
            stop.done().complete(null);
            log.info("Listener {} {}", id(), failure != null ? "failed" : "stopped");
        }
    }

    /** Closes this run's transactional producers (aborting open transactions), bounded by the shutdown timeout. */
    private void closeTransactions() {
        TransactionalLanes t;
        synchronized (this) {
            t = transactions;
            transactions = null;
        }
        if (t == null) {
            return;
        }
        try {
            t.close().get(settings.shutdownTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Listener {}: closing the transactional producers failed: {}", id(), e.toString());
        }
    }

    private void drainAndClose(List<CompletableFuture<Void>> inFlight, @Nullable AsyncKafkaConsumer<byte[], byte[]> c) {
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
                c.closeAsync(timeout).get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("Listener {}: closing the consumer failed: {}", id(), e.toString());
            }
        }
    }

    /**
     * The consumer failed in a way the container cannot recover from: the container is {@code
     * FAILED} from now on (also while it drains) and stops in the background. Ignored for a
     * previous run's consumer and while stopping (closing makes calls fail).
     */
    void fail(AsyncKafkaConsumer<byte[], byte[]> c, Throwable error) {
        Stop stop;
        synchronized (this) {
            if (consumer != c || stopping || state != State.RUNNING) {
                return;
            }
            // State first: whoever sees the failure sees FAILED.
            state = State.FAILED;
            failure = error;
            // Begun here, so that a start() or stop() meanwhile waits for this stop.
            stop = beginStop();
        }
        log.error("Listener {} failed; stopping it", id(), error);
        if (stop != null) {
            Thread t = new Thread(() -> finishStop(stop), id() + "-failure");
            t.setDaemon(true);
            t.start();
        }
    }

    /** {@link #fail} for the current consumer, as a callback of {@code consumer} would (for tests). */
    void failFrom(AsyncKafkaConsumer<?, ?> c, Throwable error) {
        @SuppressWarnings("unchecked")
        AsyncKafkaConsumer<byte[], byte[]> bytes = (AsyncKafkaConsumer<byte[], byte[]>) c;
        fail(bytes, error);
    }

    @Override
    public String toString() {
        return "ListenerContainer{" + id() + ", " + state + "}";
    }
}
