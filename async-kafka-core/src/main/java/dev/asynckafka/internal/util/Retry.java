package dev.asynckafka.internal.util;

import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.network.Backoff;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries an asynchronous operation on retriable {@link KafkaException}s with exponential backoff
 * until a deadline; waits are scheduled on an event loop, never slept.
 */
public final class Retry {
    private Retry() {}

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-retriable error, or the deadline
     * passes; then fails with a {@link TimeoutException} whose cause is the last error.
     *
     * @param what names the operation in the timeout message
     */
    public static <T> CompletableFuture<T> withBackoff(
            EventLoop loop, Backoff backoff, long timeoutNanos, String what, Supplier<CompletableFuture<T>> attempt) {
        return withBackoff(loop, backoff, timeoutNanos, what, KafkaException::isRetriable, attempt);
    }

    /**
     * Like {@link #withBackoff(EventLoop, Backoff, long, String, Supplier)}, retrying only the
     * errors {@code retryOn} accepts (for operations where a normally retriable error is final).
     */
    public static <T> CompletableFuture<T> withBackoff(
            EventLoop loop,
            Backoff backoff,
            long timeoutNanos,
            String what,
            Predicate<KafkaException> retryOn,
            Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long deadline = loop.ticker().nanoTime() + timeoutNanos;
        new Attempts<>(loop, backoff, deadline, timeoutNanos, what, retryOn, attempt, result).run(0);
        return result;
    }

    private record Attempts<T>(
            EventLoop loop,
            Backoff backoff,
            long deadline,
            long timeoutNanos,
            String what,
            Predicate<KafkaException> retryOn,
            Supplier<CompletableFuture<T>> attempt,
            CompletableFuture<T> result) {

        void run(int failures) {
            CompletableFuture<T> f;
            try {
                f = attempt.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            f.whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                    return;
                }
                Throwable cause = unwrap(error);
                if (!(cause instanceof KafkaException ke) || !retryOn.test(ke)) {
                    result.completeExceptionally(cause);
                    return;
                }
                long delay = backoff.delayNanos(failures + 1);
                if (loop.ticker().nanoTime() + delay >= deadline) {
                    result.completeExceptionally(new TimeoutException(
                            what + " did not succeed within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                    + " ms; last error: " + cause.getMessage(),
                            cause));
                    return;
                }
                loop.schedule(() -> run(failures + 1), delay, TimeUnit.NANOSECONDS);
            });
        }
    }

    /** The cause of a {@link CompletionException}, or the throwable itself. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
