package dev.asynckafka.internal.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A future through which the client hands something over that must not be lost when the
 * application gives up on the future (records of {@code getMany}).
 *
 * <p>Ownership is decided once, atomically: either the client {@linkplain #claim() claims} the
 * future before it takes anything (it then delivers, later, on whatever thread it likes), or the
 * application completes, cancels or times the future out first (every public way to complete it,
 * including {@code orTimeout} and {@code completeOnTimeout}, goes through the overridden methods),
 * after which {@link #claim()} fails and the client takes nothing. An application completion that
 * loses the race to a claim returns {@code false} and has no effect: the delivery follows.
 *
 * <p>Dependent stages ({@code thenApply}, {@code copy()}, ...) are plain futures: completing one of
 * them does not give anything back.
 */
public final class HandoffFuture<T> extends CompletableFuture<T> {
    private static final int OPEN = 0;
    private static final int CLAIMED = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicReference<@Nullable Runnable> onAbandon = new AtomicReference<>();

    /**
     * Sets what runs (once, on the abandoning thread) when the application completes the future
     * before the client claimed it; runs at once if that already happened.
     */
    public void onAbandon(Runnable action) {
        onAbandon.set(action);
        if (state.get() == ABANDONED) {
            runOnAbandon();
        }
    }

    /**
     * Takes ownership for the client. After {@code true}, only {@link #deliver} and {@link
     * #deliverError} complete the future; {@code false} means the application already gave up on
     * it, and the client must hand nothing over.
     */
    public boolean claim() {
        return state.compareAndSet(OPEN, CLAIMED);
    }

    /** Whether the application gave up on the future before the client claimed it. */
    public boolean isAbandoned() {
        return state.get() == ABANDONED;
    }

    /** Completes a claimed future with its value. */
    public void deliver(T value) {
        assert state.get() == CLAIMED;
        super.complete(value);
    }

    /** Completes a claimed future with an error. */
    public void deliverError(Throwable error) {
        assert state.get() == CLAIMED;
        super.completeExceptionally(error);
    }

    private boolean abandon() {
        if (!state.compareAndSet(OPEN, ABANDONED)) {
            return false;
        }
        runOnAbandon();
        return true;
    }

    private void runOnAbandon() {
        Runnable action = onAbandon.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    @Override
    public boolean complete(T value) {
        return abandon() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return abandon() && super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return abandon() ? super.cancel(mayInterruptIfRunning) : isCancelled();
    }

    /** Like {@link #complete}: runs the supplier on the executor, then completes unless claimed. */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        executor.execute(() -> {
            try {
                complete(supplier.get());
            } catch (Throwable e) {
                completeExceptionally(e);
            }
        });
        return this;
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }

    /**
     * Forces a value. While the client has claimed the future and not yet delivered, this throws:
     * the value would silently replace a hand-over.
     */
    @Override
    public void obtrudeValue(T value) {
        checkObtrude();
        super.obtrudeValue(value);
    }

    /** Forces an error; throws like {@link #obtrudeValue} during a hand-over. */
    @Override
    public void obtrudeException(Throwable ex) {
        checkObtrude();
        super.obtrudeException(ex);
    }

    private void checkObtrude() {
        if (!abandon() && state.get() == CLAIMED && !isDone()) {
            throw new IllegalStateException("The client is completing this future; it cannot be obtruded now");
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
