package dev.asynckafka.spring.listener;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lane steps on the executor, at most {@code limit} at once, the others waiting in FIFO
 * order so that lanes take turns. A step holds its slot only while it runs synchronously (binding
 * and the listener call); waiting for an async listener's stage or for a retry backoff holds none.
 */
final class LaneScheduler {
    private static final Logger log = LoggerFactory.getLogger(LaneScheduler.class);

    private final Executor executor;
    private final int limit;
    private final ArrayDeque<Runnable[]> waiting = new ArrayDeque<>();
    private int running;

    /** Whether no step runs or waits (for tests). */
    synchronized boolean isIdle() {
        return running == 0 && waiting.isEmpty();
    }

    LaneScheduler(Executor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /**
     * Runs the step when a slot is free.
     *
     * @param onRejected runs instead (on the calling thread) if the executor is shut down, so that
     *     the work the step belongs to still ends
     */
    void submit(Runnable step, Runnable onRejected) {
        synchronized (this) {
            if (running >= limit) {
                waiting.addLast(new Runnable[] {step, onRejected});
                return;
            }
            running++;
        }
        execute(step, onRejected);
    }

    private void execute(Runnable step, Runnable onRejected) {
        try {
            executor.execute(() -> {
                try {
                    step.run();
                } catch (RuntimeException | Error e) {
                    log.error("Listener step failed unexpectedly", e);
                } finally {
                    next();
                }
            });
        } catch (RejectedExecutionException e) {
            // The container stopped and its executor is shut down: the step is dropped and its
            // records stay uncommitted.
            log.debug("Listener executor rejected a step (stopped)", e);
            try {
                onRejected.run();
            } finally {
                next();
            }
        }
    }

    private void next() {
        Runnable[] n;
        synchronized (this) {
            n = waiting.pollFirst();
            if (n == null) {
                running--;
                return;
            }
        }
        execute(n[0], n[1]);
    }
}
