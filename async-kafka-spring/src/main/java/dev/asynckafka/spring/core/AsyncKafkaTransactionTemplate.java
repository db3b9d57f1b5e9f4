package dev.asynckafka.spring.core;

import dev.asynckafka.producer.AsyncKafkaProducer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs application code in transactions of one transactional producer: begin, the code, commit;
 * abort when the code fails. The starter makes one for the producer bean when {@code
 * async-kafka.producer.transaction-id-prefix} is set.
 *
 * <p>A producer has at most one open transaction, so transactions run one at a time, in the order
 * {@link #executeInTransaction} was called; a later call waits (without blocking a thread) for the
 * earlier ones to end. The template calls {@code initTransactions()} itself before the first
 * transaction (again before the next one if it failed): do not call it on the producer yourself.
 * Thread-safe; nothing blocks.
 *
 * @param <K> the producer's key type
 * @param <V> the producer's value type
 */
public final class AsyncKafkaTransactionTemplate<K, V> {
    private final AsyncKafkaProducer<K, V> producer;

    /** Completes when the last transaction asked for has ended. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    private @Nullable CompletableFuture<Void> init;

    /**
     * @param producer a producer with a {@code transactional.id}
     * @throws IllegalArgumentException if it is not transactional
     */
    public AsyncKafkaTransactionTemplate(AsyncKafkaProducer<K, V> producer) {
        if (!producer.options().isTransactional()) {
            throw new IllegalArgumentException("The producer has no transactional.id");
        }
        this.producer = producer;
    }

    /** The transactional producer. */
    public AsyncKafkaProducer<K, V> producer() {
        return producer;
    }

    /**
     * Runs {@code work} in a transaction of its own: begins it, calls {@code work} with the producer
     * and, once the stage it returns completed normally, commits (the commit waits for every record
     * sent in the transaction, so {@code work} need not wait for its sends). If {@code work} throws,
     * returns a stage that fails, or the commit fails, the transaction is aborted and the returned
     * future fails with that error (a failure of the abort itself is added as suppressed).
     *
     * <p>{@code work} runs on the producer's event loop or on the calling thread: it must not
     * block. A stage from {@code work} that never completes holds up every later transaction.
     *
     * @param work sends records (and offsets, with {@code sendOffsetsToTransaction}) with the
     *     producer; its stage's value becomes the result
     * @return the value of {@code work}'s stage once committed; completes on the producer's event
     *     loop. Fails with the error of {@code initTransactions()} or {@code beginTransaction()}
     *     (nothing was begun, {@code work} is not called), with {@code work}'s error, or with the
     *     commit's error (the transaction was aborted; a fatal error such as {@code
     *     ProducerFencedException} means the producer cannot run transactions any more). Cancelling
     *     it neither stops {@code work} nor the commit or abort.
     */
    public <T> CompletableFuture<T> executeInTransaction(
            Function<? super AsyncKafkaProducer<K, V>, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = ended;
        }
        previous.whenComplete((ignored, error) -> run(work, result));
        // Not on result itself: a caller cancelling it must not let the next transaction begin early.
        return result.whenComplete((v, e) -> ended.complete(null)).toCompletableFuture();
    }

    private <T> void run(
            Function<? super AsyncKafkaProducer<K, V>, ? extends CompletionStage<T>> work,
            CompletableFuture<T> result) {
        initialized().thenCompose(v -> producer.beginTransaction()).whenComplete((begun, beginError) -> {
            if (beginError != null) {
                result.completeExceptionally(unwrap(beginError));
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(work.apply(producer), "the transaction's work returned null");
            } catch (RuntimeException | Error e) {
                abortThenFail(e, result);
                return;
            }
            stage.whenComplete((value, workError) -> {
                if (workError != null) {
                    abortThenFail(unwrap(workError), result);
                    return;
                }
                producer.commitTransaction().whenComplete((committed, commitError) -> {
                    if (commitError == null) {
                        result.complete(value);
                    } else {
                        abortThenFail(unwrap(commitError), result);
                    }
                });
            });
        });
    }

    private synchronized CompletableFuture<Void> initialized() {
        CompletableFuture<Void> f = init;
        if (f == null || f.isCompletedExceptionally()) {
            f = producer.initTransactions();
            init = f;
        }
        return f;
    }

    private void abortThenFail(Throwable cause, CompletableFuture<?> result) {
        producer.abortTransaction().whenComplete((aborted, abortError) -> {
            Throwable e = abortError == null ? null : unwrap(abortError);
            if (e != null && e != cause) {
                cause.addSuppressed(e);
            }
            result.completeExceptionally(cause);
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
