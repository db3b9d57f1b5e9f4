package dev.asynckafka.internal.util;

import dev.asynckafka.errors.KafkaException;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The one way onto a client's event loop: run an action there from any thread (at once when
 * already on it, else in submission order), and fail the caller's future rather than lose it when
 * the loop is gone. Loop-only code states its precondition with {@link #assertInLoop}.
 */
public final class Loops {
    private Loops() {}

    /**
     * Runs {@code action} on the loop and completes the returned future (a new one, never the
     * action's own) with its result, unwrapped from {@link java.util.concurrent.CompletionException}.
     * An exception thrown by the action, or a loop that is shut down, fails the future instead of
     * being lost.
     */
    public static <T> CompletableFuture<T> call(EventExecutor loop, Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> guarded(action).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(Retry.unwrap(e));
            } else {
                result.complete(v);
            }
        });
        if (!execute(loop, task)) {
            result.completeExceptionally(shutDown(null));
        }
        return result;
    }

    /**
     * Runs {@code action} on the loop: at once when called on it, else queued behind what this
     * thread submitted before.
     *
     * @return false if the loop is shut down and the action will never run
     */
    public static boolean execute(EventExecutor loop, Runnable action) {
        if (loop.inEventLoop()) {
            action.run();
            return true;
        }
        return submit(loop, action);
    }

    /**
     * Queues {@code action} on the loop, also when called on it: for work that must not run inside
     * the caller's stack (re-entrancy) or that batches what arrives meanwhile.
     *
     * @return false if the loop is shut down and the action will never run
     */
    public static boolean submit(EventExecutor loop, Runnable action) {
        try {
            loop.execute(action);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Fails (with assertions enabled, as in tests) when not called on the loop. */
    public static void assertInLoop(EventExecutor loop) {
        assert loop.inEventLoop() : "must run on the client's event loop, ran on " + Thread.currentThread();
    }

    /** The error of an operation that reached a loop that is shut down. */
    public static KafkaException shutDown(Throwable cause) {
        return new KafkaException("The client's event loop is shut down", cause);
    }

    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
