package dev.asynckafka.reactor;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.RecordMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactive Streams Kafka sender over one {@link AsyncKafkaProducer}: sends the records of a {@code
 * Publisher} with a bounded number in flight and returns each one's outcome; the successor of
 * reactor-kafka's {@code KafkaSender}. Thread-safe: any number of {@link #send} calls may run at
 * once, sharing the producer and its batches.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KafkaSender<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaSender.class);

    private final SenderOptions<K, V> options;
    private final AsyncKafkaProducer<K, V> producer;
    private final @Nullable TransactionManager transactionManager;

    private KafkaSender(SenderOptions<K, V> options) {
        this.options = Objects.requireNonNull(options, "options");
        this.producer = options.resources()
                .map(r -> AsyncKafkaProducer.create(
                        options.producerOptions(), options.keySerializer(), options.valueSerializer(), r))
                .orElseGet(() -> AsyncKafkaProducer.create(
                        options.producerOptions(), options.keySerializer(), options.valueSerializer()));
        this.transactionManager = options.producerOptions().isTransactional()
                ? new TransactionManager(producer, options.scheduler())
                : null;
    }

    /** A sender with a producer of its own, which opens no connection until the first record. */
    public static <K, V> KafkaSender<K, V> create(SenderOptions<K, V> options) {
        return new KafkaSender<>(options);
    }

    /** The options the sender was created with. */
    public SenderOptions<K, V> options() {
        return options;
    }

    /**
     * Sends the records of {@code records} as they come and returns their outcomes.
     *
     * <p><b>Backpressure.</b> At most {@link SenderOptions#maxInFlight()} records of this call are
     * sent and not yet handed out as results: the sender requests that many from {@code records},
     * then one more for each result the subscriber receives. A slow subscriber therefore slows
     * upstream, and a slow broker too; the producer's own {@code buffer.memory} bound comes on top.
     *
     * <p><b>Order.</b> Results come in the order of {@code records} (so in particular in offset order
     * per partition, which the producer keeps). Keys and values are serialized on the thread that
     * signals {@code records}' {@code onNext}.
     *
     * <p><b>Errors.</b> With {@link SenderOptions#stopOnError()} the first record that fails (see
     * {@link AsyncKafkaProducer#send} for the errors) fails the returned {@code Flux} with its error,
     * after the results of the records before it, and cancels {@code records}; records sent after it
     * and still in flight may be written, their results are not signalled. Otherwise a failed record
     * is a result with {@link SenderResult#exception()} set and sending goes on. An error of {@code
     * records} itself fails the {@code Flux} after the results of every record sent before it.
     *
     * <p><b>Threading and cancel.</b> Results are signalled on a worker of {@link
     * SenderOptions#scheduler()}, one per call, never on the producer's I/O loop. Cancelling the
     * {@code Flux} cancels {@code records}; records already sent are still written.
     *
     * @param <T> correlation metadata type
     * @return a cold {@code Flux}: nothing is sent before it is subscribed
     */
    public <T> Flux<SenderResult<T>> send(Publisher<? extends SenderRecord<K, V, T>> records) {
        Objects.requireNonNull(records, "records");
        return Flux.defer(() -> {
            Scheduler.Worker worker = options.scheduler().createWorker();
            // Inner Monos never fail: delaying errors only delays upstream's, until the results of
            // the records sent before it were handed out.
            return Flux.<SenderRecord<K, V, T>>from(records)
                    .flatMapSequentialDelayError(r -> sendOne(r, worker), options.maxInFlight(), 1)
                    .<SenderResult<T>>handle((result, sink) -> {
                        Throwable failure = result.exception();
                        if (failure != null && options.stopOnError()) {
                            sink.error(failure);
                        } else {
                            sink.next(result);
                        }
                    })
                    .doFinally(signal -> worker.dispose());
        });
    }

    private <T> Mono<SenderResult<T>> sendOne(SenderRecord<K, V, T> record, Scheduler.Worker worker) {
        return Mono.create(sink -> {
            CompletableFuture<RecordMetadata> f = producer.send(record.record());
            f.whenComplete((metadata, error) -> {
                Runnable signal = () -> sink.success(result(record, metadata, error));
                try {
                    worker.schedule(signal);
                } catch (RejectedExecutionException e) {
                    // The Flux ended meanwhile: nobody is waiting for the result.
                    signal.run();
                }
            });
        });
    }

    private static <T> SenderResult<T> result(
            SenderRecord<?, ?, T> record, @Nullable RecordMetadata metadata, @Nullable Throwable error) {
        if (error == null) {
            return new SenderResult<>(metadata, null, record.correlationMetadata());
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new SenderResult<>(null, cause, record.correlationMetadata());
    }

    /**
     * The transactions of this sender's producer, for applications that run begin, send, offsets
     * and commit themselves; {@link #sendTransactionally} runs them for a stream of transactions.
     *
     * @throws IllegalStateException when the producer options have no {@code transactional.id}
     */
    public TransactionManager transactionManager() {
        if (transactionManager == null) {
            throw new IllegalStateException("Not a transactional sender: set ProducerOptions.transactionalId");
        }
        return transactionManager;
    }

    /**
     * Sends each inner {@code Publisher} of {@code transactions} as one transaction, one after the
     * other: begin, send its records (as {@link #send}, with the same in-flight bound), commit. Each
     * inner {@code Flux} of the result holds one committed transaction's results and is emitted once
     * the transaction is committed, so everything it holds is visible to {@code read_committed}
     * consumers; the results of a transaction are held in memory until then.
     *
     * <p><b>Errors.</b> When a record of a transaction fails (whatever {@link
     * SenderOptions#stopOnError()} says, since the commit would fail), its inner {@code Publisher}
     * fails, or the commit fails, the transaction is aborted and the returned {@code Flux} fails with
     * that error (an error of the abort itself is added as suppressed); later transactions are not
     * started.
     *
     * <p><b>Threading and cancel.</b> Signals come on a worker of {@link SenderOptions#scheduler()}.
     * Cancelling the {@code Flux} cancels {@code transactions} and aborts a transaction that was
     * open and not yet committing (in the background; an error of that abort is only logged).
     *
     * @param <T> correlation metadata type
     * @return a cold {@code Flux}: nothing is sent before it is subscribed
     * @throws IllegalStateException when the producer options have no {@code transactional.id}
     */
    public <T> Flux<Flux<SenderResult<T>>> sendTransactionally(
            Publisher<? extends Publisher<? extends SenderRecord<K, V, T>>> transactions) {
        Objects.requireNonNull(transactions, "transactions");
        TransactionManager tm = transactionManager();
        return Flux.from(transactions).concatMap(records -> transaction(tm, records), 1);
    }

    private <T> Mono<Flux<SenderResult<T>>> transaction(
            TransactionManager tm, Publisher<? extends SenderRecord<K, V, T>> records) {
        // open: begun and neither committed nor aborted, so an error must abort it; a failed commit
        // too. committing: a cancel then no longer aborts (the producer refuses an abort mid-commit).
        // begun: the begin step once started, so that a cancel arriving before its success reached
        // this stage still aborts the transaction it opens. aborted: at most one abort per transaction.
        AtomicBoolean open = new AtomicBoolean();
        AtomicBoolean committing = new AtomicBoolean();
        AtomicBoolean aborted = new AtomicBoolean();
        AtomicReference<@Nullable CompletableFuture<Void>> begun = new AtomicReference<>();
        return Mono.defer(() -> {
                    CompletableFuture<Void> begin = tm.beginNow();
                    begun.set(begin);
                    return tm.signal(begin);
                })
                .doOnSuccess(ignored -> open.set(true))
                .thenMany(send(records))
                .<SenderResult<T>>handle((result, sink) -> {
                    Throwable failure = result.exception();
                    if (failure != null) {
                        sink.error(failure);
                    } else {
                        sink.next(result);
                    }
                })
                .collectList()
                .flatMap(results -> {
                    committing.set(true);
                    return tm.commit().doOnSuccess(ignored -> open.set(false)).thenReturn(Flux.fromIterable(results));
                })
                .onErrorResume(error -> open.getAndSet(false) && !aborted.getAndSet(true)
                        ? tm.abort()
                                .onErrorResume(abortError -> {
                                    error.addSuppressed(abortError);
                                    return Mono.empty();
                                })
                                .then(Mono.error(error))
                        : Mono.error(error))
                .doOnCancel(() -> {
                    CompletableFuture<Void> begin = begun.get();
                    if (committing.get() || begin == null || aborted.getAndSet(true)) {
                        return;
                    }
                    open.set(false);
                    // Whether or not the begin's success reached this stage: once begun, abort.
                    begin.thenCompose(ignored -> tm.abortNow()).whenComplete((ignored, e) -> {
                        if (e != null && begin.isDone() && !begin.isCompletedExceptionally()) {
                            log.warn("Aborting the transaction of a cancelled sendTransactionally failed", e);
                        }
                    });
                });
    }

    /**
     * Runs {@code function} with the sender's producer, for what the sender does not expose
     * (flush, partitions, metrics). Do not close the producer through it.
     *
     * @return a {@code Mono} of the function's result, on the subscribing thread
     */
    public <T> Mono<T> doOnProducer(Function<? super AsyncKafkaProducer<K, V>, ? extends T> function) {
        Objects.requireNonNull(function, "function");
        return Mono.fromCallable(() -> function.apply(producer));
    }

    /**
     * Closes the producer as {@link AsyncKafkaProducer#closeAsync(Duration)}: refuses new records,
     * sends what is buffered for up to {@code timeout}, then fails the rest.
     *
     * @return completes when closed, on the producer's event loop; cancelling it does not stop the close
     */
    public Mono<Void> closeAsync(Duration timeout) {
        return Mono.fromFuture(() -> producer.closeAsync(timeout), true);
    }

    /** Closes the producer and waits, as {@link AsyncKafkaProducer#close()}: the one blocking method. */
    @Override
    public void close() {
        producer.close();
    }
}
