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

    RecordProcessor(
            DefaultListenerContainer container,
            ListenerMethod method,
            ListenerSettings.Retry retry,
            ListenerErrorHandler errorHandler,
            List<ListenerObserver> observers,
            ScheduledExecutorService timer,
            LaneScheduler scheduler,
            Executor executor) {
        this.container = container;
        this.method = method;
        this.retry = retry;
        this.errorHandler = errorHandler;
        this.observers = observers;
        this.timer = timer;
        this.scheduler = scheduler;
        this.executor = executor;
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
        w.attempts++;
        CompletableFuture<Void> result;
        try {
            result = method.invoke(args);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        whenDone(result, (v, e) -> {
            if (e == null) {
                observe(w, start, Outcome.SUCCESS);
                container.finish(w, true);
            } else {
                failed(w, unwrap(e), start);
            }
        });
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
        w.handlerCalls++;
        CompletionStage<Void> stage;
        try {
            stage = errorHandler.handle(new ListenerFailure(container, w.lane.partition, w.records, error, w.attempts));
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new IllegalStateException("The error handler returned null"));
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        whenDone(toFuture(stage), (v, e) -> {
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
        });
    }

    /**
     * Runs the action when the future completes: at once if it is complete, else on the listener
     * executor (which never rejects: once shut down it hands over to a fallback), never on the
     * thread that completes it (possibly a client's I/O loop).
     */
    private void whenDone(CompletableFuture<Void> f, BiConsumer<Void, Throwable> action) {
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
