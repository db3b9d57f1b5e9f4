package dev.asynckafka.reactor.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Small helpers for the core's futures. */
final class Futures {
    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private Futures() {}

    /**
     * A copy of {@code f} completed on {@code executor}: the core completes commits and closes on
     * its I/O loop, where application code must not run. Failures hop too ({@code thenApplyAsync}
     * would complete a failed dependent on the completing thread).
     */
    static <T> CompletableFuture<T> hop(CompletableFuture<T> f, Executor executor) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenCompleteAsync(
                (v, e) -> {
                    if (e != null) {
                        out.completeExceptionally(unwrap(e));
                    } else {
                        out.complete(v);
                    }
                },
                executor);
        return out;
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
