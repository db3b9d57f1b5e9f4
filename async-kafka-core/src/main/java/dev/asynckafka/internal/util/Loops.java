package dev.asynckafka.internal.util;

import dev.asynckafka.errors.KafkaException;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** Runs asynchronous actions on a client's event loop from any thread, losing no failure. */
public final class Loops {
    private Loops() {}

    /**
     * Runs {@code action} on the loop (at once when already on it) and returns its result. An
     * exception thrown by the action, or a loop that is shut down, fails the returned future
     * instead of being lost.
     */
    public static <T> CompletableFuture<T> call(EventLoop loop, Supplier<CompletableFuture<T>> action) {
        if (loop.inEventLoop()) {
            return guarded(action);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> guarded(action).whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(Retry.unwrap(e));
                } else {
                    result.complete(v);
                }
            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new KafkaException("The client's event loop is shut down", e));
        }
        return result;
    }

    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
