package dev.asynckafka.spring.listener;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.spring.listener.ListenerMethod.RecordBindingException;
import dev.asynckafka.spring.listener.ListenerObserver.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one record (or batch) of a lane through its life: bind (deserialize), call the listener,
 * retry in place after the backoff up to {@code retry.max-attempts}, then hand it to the error
 * handler (again and again after the backoff while the handler fails). Listener code and the
 * error handler run through the {@link LaneScheduler}; backoff delays are timer tasks, so no
 * thread sleeps. When the lane is closed (revoked, container stopped) the work is given up and
 * its records stay uncommitted.
 */
final class RecordProcessor {
    private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);

    /** One record or batch in progress. */
    static final class Work {
        final PartitionLane lane;
        final List<ConsumerRecord<byte[], byte[]>> records;

        @Nullable
        Object[] args;

        int attempts;
        int handlerCalls;
        /** Processing began: past the paused check, so pausing no longer holds it back. */
        boolean begun;

        Work(PartitionLane lane, List<ConsumerRecord<byte[], byte[]>> records) {
            this.lane = lane;
            this.records = records;
        }

        String coordinates() {
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            String where = first.topic() + "-" + first.partition() + "@" + first.offset();
            return records.size() == 1
                    ? where
                    : where + ".." + records.get(records.size() - 1).offset();
        }
    }

    private final DefaultListenerContainer container;
    private final ListenerMethod method;
    private final ListenerSettings.Retry retry;
    private final ListenerErrorHandler errorHandler;
    private final List<ListenerObserver> observers;
    private final ScheduledExecutorService timer;
    private final LaneScheduler scheduler;
    private final Executor executor;
    /** Null unless the container is transactional. */
    private final @Nullable TransactionalLanes transactions;

    RecordProcessor(
            DefaultListenerContainer container,
            ListenerMethod method,
            ListenerSettings.Retry retry,
            ListenerErrorHandler errorHandler,
            List<ListenerObserver> observers,
            ScheduledExecutorService timer,
            LaneScheduler scheduler,
            Executor executor,
            @Nullable TransactionalLanes transactions) {
        this.container = container;
        this.method = method;
        this.retry = retry;
        this.errorHandler = errorHandler;
        this.observers = observers;
        this.timer = timer;
        this.scheduler = scheduler;
        this.executor = executor;
        this.transactions = transactions;
    }

    /** Starts processing the work. */
    void start(Work w) {
        submit(() -> attempt(w), w);
    }

    private void submit(Runnable step, Work w) {
        scheduler.submit(step, () -> container.finish(w, false));
    }

    private void attempt(Work w) {
        if (!w.begun) {
            // Queued before a pause() and not begun: the container puts it back (or gives it up).
            if (!container.begin(w)) {
                return;
            }
            w.begun = true;
        } else if (!container.isAlive(w.lane)) {
            container.finish(w, false);
            return;
        }
        long start = System.nanoTime();
        Object[] args = w.args;
        if (args == null) {
            try {
                args = method.bind(w.records, container);
                w.args = args;
            } catch (RecordBindingException e) {
                observe(w, start, Outcome.FAILURE);
                log.error(
                        "Listener {}: record {} cannot be bound (not retried), handing it to the error handler",
                        container.id(),
                        w.coordinates(),
                        e);
                callHandler(w, e);
                return;
            }
        }
        Object[] bound = args;
        BiConsumer<Void, Throwable> outcome = (v, e) -> {
            if (e == null) {
                observe(w, start, Outcome.SUCCESS);
                container.finish(w, true);
            } else {
                failed(w, unwrap(e), start);
            }
        };
        TransactionalLanes t = transactions;
        if (t != null) {
            inTransaction(
                    t,
                    w,
                    tx -> {
                        w.attempts++;
                        return invoke(method.withTransaction(bound, tx));
                    },
                    outcome,
                    () -> w.attempts--,
                    () -> attempt(w));
            return;
        }
        w.attempts++;
        whenDone(invoke(bound), outcome);
    }

    private CompletableFuture<Void> invoke(Object[] args) {
        try {
            return method.invoke(args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Transactional containers: begins a transaction on the lane's producer, runs {@code body} in a
     * listener slot, then adds the records' offsets (with the group's current metadata) and commits;
     * aborts on any failure, before {@code outcome} hears of it. {@code outcome} gets the body's or
     * the commit's error. Failures that are not the listener's — the transaction could not begin, or
     * the group coordinator refused the offsets because a rebalance fenced this member — call
     * {@code uncount} and run {@code again} after the first backoff while the lane lives, so a healthy
     * record is not dead-lettered because of a coordinator or a rebalance.
     */
    private void inTransaction(
            TransactionalLanes t,
            Work w,
            Function<ListenerTransaction, CompletableFuture<Void>> body,
            BiConsumer<Void, Throwable> outcome,
            Runnable uncount,
            Runnable again) {
        whenDone(t.begin(w.lane.partition), (tx, beginError) -> {
            if (beginError != null) {
                notTheListeners(w, "begin a transaction", beginError, again);
                return;
            }
            scheduler.submit(
                    () -> runIn(tx, w, body, outcome, uncount, again),
                    () -> tx.abort().whenComplete((v, e) -> container.finish(w, false)));
        });
    }

    private void runIn(
            TransactionalLanes.Txn tx,
            Work w,
            Function<ListenerTransaction, CompletableFuture<Void>> body,
            BiConsumer<Void, Throwable> outcome,
            Runnable uncount,
            Runnable again) {
        if (!container.isAlive(w.lane)) {
            whenDone(tx.abort(), (v, e) -> container.finish(w, false));
            return;
        }
        CompletableFuture<Void> result;
        try {
            result = body.apply(tx);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        whenDone(result, (v, error) -> {
            if (error != null) {
                whenDone(tx.abort(), (a, ae) -> outcome.accept(null, error));
                return;
            }
            whenDone(tx.commit(w.records, () -> container.isAlive(w.lane)), (c, commitError) -> {
                if (commitError == null) {
                    outcome.accept(null, null);
                    return;
                }
                Throwable cause = unwrap(commitError);
                whenDone(tx.abort(), (a, ae) -> {
                    if (cause instanceof TransactionalLanes.LaneGoneException) {
                        // Another member may own the partition: its work is not ours to finish.
                        container.finish(w, false);
                    } else if (!Boolean.TRUE.equals(a)) {
                        // Not abortable: the commit may have happened (EndTxn outcome unknown) or
                        // another producer took over (fenced). Retrying from memory could commit
                        // the output twice or dead-letter a committed record.
                        uncount.run();
                        container.rewind(w, cause);
                    } else if (cause instanceof TransactionalLanes.OffsetsNotAddedException) {
                        uncount.run();
                        notTheListeners(w, "add the offsets to the transaction", cause, again);
                    } else {
                        outcome.accept(null, cause);
                    }
                });
            });
        });
    }

    private void notTheListeners(Work w, String what, Throwable error, Runnable again) {
        if (!container.isAlive(w.lane)) {
            container.finish(w, false);
            return;
        }
        Duration delay = retry.backoff().delay(1);
        log.warn(
                "Listener {}: could not {} for {} (not counted as an attempt), trying again in {} ms: {}",
                container.id(),
                what,
                w.coordinates(),
                delay.toMillis(),
                unwrap(error).toString());
        later(delay, again, w);
    }

    private void failed(Work w, Throwable error, long start) {
        if (w.attempts < retry.maxAttempts() && container.isAlive(w.lane)) {
            observe(w, start, Outcome.RETRY);
            Duration delay = retry.backoff().delay(w.attempts);
            log.warn(
                    "Listener {} failed on {} (attempt {} of {}), retrying in {} ms: {}",
                    container.id(),
                    w.coordinates(),
                    w.attempts,
                    retry.maxAttempts(),
                    delay.toMillis(),
                    error.toString());
            later(delay, () -> attempt(w), w);
            return;
        }
        observe(w, start, Outcome.FAILURE);
        log.error(
                "Listener {} failed on {} after {} attempt(s), handing it to the error handler",
                container.id(),
                w.coordinates(),
                w.attempts,
                error);
        callHandler(w, error);
    }

    private void callHandler(Work w, Throwable error) {
        submit(() -> handle(w, error), w);
    }

    private void handle(Work w, Throwable error) {
        if (!container.isAlive(w.lane)) {
            container.finish(w, false);
            return;
        }
        ListenerFailure failure = new ListenerFailure(container, w.lane.partition, w.records, error, w.attempts);
        BiConsumer<Void, Throwable> outcome = (v, e) -> {
            if (e == null) {
                container.finish(w, true);
                return;
            }
            Duration delay = retry.backoff().delay(w.handlerCalls);
            Throwable cause = unwrap(e);
            // Never a skip: the partition waits. Loud instead of silent; the backoff bounds the rate.
            log.error(
                    "Listener {}: the error handler (dead letter) failed for {} (call {}); the partition waits"
                            + " and it is called again in {} ms",
                    container.id(),
                    w.coordinates(),
                    w.handlerCalls,
                    delay.toMillis(),
                    cause);
            for (ConsumerRecord<byte[], byte[]> r : w.records) {
                for (ListenerObserver o : observers) {
                    try {
                        o.deadLetterFailed(container, w.lane.partition, r.offset(), cause);
                    } catch (RuntimeException oe) {
                        log.warn("ListenerObserver {} failed", o, oe);
                    }
                }
            }
            later(delay, () -> handle(w, error), w);
        };
        TransactionalLanes t = transactions;
        if (t != null) {
            inTransaction(
                    t,
                    w,
                    tx -> {
                        w.handlerCalls++;
                        return handlerStage(() -> errorHandler.handle(failure, tx));
                    },
                    outcome,
                    () -> w.handlerCalls--,
                    () -> handle(w, error));
            return;
        }
        w.handlerCalls++;
        whenDone(handlerStage(() -> errorHandler.handle(failure)), outcome);
    }

    private static CompletableFuture<Void> handlerStage(Supplier<@Nullable CompletionStage<Void>> call) {
        try {
            CompletionStage<Void> stage = call.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("The error handler returned null"));
            }
            return toFuture(stage);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs the action when the future completes: at once if it is complete, else on the listener
     * executor (which never rejects: once shut down it hands over to a fallback), never on the
     * thread that completes it (possibly a client's I/O loop).
     */
    private <T> void whenDone(CompletableFuture<T> f, BiConsumer<? super T, ? super Throwable> action) {
        if (f.isDone()) {
            f.whenComplete(action);
        } else {
            f.whenCompleteAsync(action, executor);
        }
    }

    private static CompletableFuture<Void> toFuture(CompletionStage<Void> stage) {
        if (stage instanceof CompletableFuture<Void> f) {
            return f;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(null);
            }
        });
        return f;
    }

    private void later(Duration delay, Runnable step, Work w) {
        try {
            timer.schedule(() -> submit(step, w), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            container.finish(w, false);
        }
    }

    private void observe(Work w, long startNanos, Outcome outcome) {
        Duration time = Duration.ofNanos(System.nanoTime() - startNanos);
        for (ListenerObserver o : observers) {
            try {
                o.processed(container, w.lane.partition, w.records.size(), time, outcome);
            } catch (RuntimeException e) {
                log.warn("ListenerObserver {} failed", o, e);
            }
        }
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException
                        || t instanceof ExecutionException
                        || t instanceof InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
