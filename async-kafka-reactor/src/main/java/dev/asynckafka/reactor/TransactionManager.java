package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.producer.AsyncKafkaProducer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The transactions of a transactional {@link KafkaSender} (reactor-kafka's {@code
 * TransactionManager}): {@link #begin()}, then records sent through {@link KafkaSender#send} and
 * offsets through {@link #sendOffsets}, then {@link #commit()} or {@link #abort()}. One transaction
 * is open at a time per producer, so the application runs these steps in sequence (or uses {@link
 * KafkaSender#sendTransactionally}, which does).
 *
 * <p>Every {@code Mono} is cold (nothing happens before it is subscribed) and signals on a worker of
 * {@link SenderOptions#scheduler()}, never on the producer's I/O loop, so the next step may be sent
 * from the signal directly. Cancelling a {@code Mono} does not stop the step it started.
 */
public final class TransactionManager {
    private final AsyncKafkaProducer<?, ?> producer;
    private final Scheduler scheduler;
    private final AtomicReference<CompletableFuture<Void>> init = new AtomicReference<>();

    TransactionManager(AsyncKafkaProducer<?, ?> producer, Scheduler scheduler) {
        this.producer = producer;
        this.scheduler = scheduler;
    }

    /**
     * Opens a transaction; the first call first registers the transactional id ({@link
     * AsyncKafkaProducer#initTransactions()}, which fences older producers with the same id). An
     * initialization that failed is tried again by the next call.
     *
     * @return completes once the transaction is open; fails with {@link IllegalStateException} when
     *     a transaction is already open, or with the producer's error (see {@link
     *     AsyncKafkaProducer#beginTransaction()})
     */
    public Mono<Void> begin() {
        return on(this::beginNow);
    }

    /** Starts a transaction now (initializing once first); the sender keeps the future for a cancel. */
    CompletableFuture<Void> beginNow() {
        return initialized().thenCompose(ignored -> producer.beginTransaction());
    }

    /** Aborts now, for a cancel that cannot wait for a subscriber. */
    CompletableFuture<Void> abortNow() {
        return producer.abortTransaction();
    }

    /** Signals {@code step}'s outcome on the sender's scheduler. */
    Mono<Void> signal(CompletableFuture<Void> step) {
        return Mono.fromFuture(step, true).publishOn(scheduler);
    }

    /**
     * Adds a consumer's offsets to the open transaction: committed for the consumer's group if and
     * only if the transaction commits (consume-transform-produce). Take {@code groupMetadata} from the
     * consumer that read the records, e.g. {@code
     * receiver.doOnConsumer(c -> c.groupMetadata()).flatMap(Mono::fromFuture)}.
     *
     * @param offsets the next offsets to consume, by partition
     * @param groupMetadata the consumer's group metadata when the records were consumed
     * @return completes once the group coordinator accepted the offsets; fails with the broker's
     *     error (see {@link AsyncKafkaProducer#sendOffsetsToTransaction}), after which the
     *     transaction can only be aborted
     */
    public Mono<Void> sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata groupMetadata) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
        return on(() -> producer.sendOffsetsToTransaction(offsets, groupMetadata));
    }

    /**
     * Commits the open transaction: sends what is buffered, waits for every record and offset of the
     * transaction, then ends it.
     *
     * @return completes once committed; fails when a record or offset commit of the transaction
     *     failed (nothing is committed: call {@link #abort()}), with a fatal error, or with {@link
     *     IllegalStateException} when no transaction is open
     */
    public Mono<Void> commit() {
        return on(producer::commitTransaction);
    }

    /**
     * Aborts the open transaction: {@code read_committed} consumers never see its records and its
     * offsets are not committed; records not yet sent fail.
     *
     * @return completes once aborted; fails with a fatal error or with {@link IllegalStateException}
     *     when no transaction is open
     */
    public Mono<Void> abort() {
        return on(producer::abortTransaction);
    }

    private CompletableFuture<Void> initialized() {
        while (true) {
            CompletableFuture<Void> current = init.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (init.compareAndSet(current, mine)) {
                producer.initTransactions().whenComplete((ok, error) -> {
                    if (error != null) {
                        mine.completeExceptionally(error);
                    } else {
                        mine.complete(null);
                    }
                });
                return mine;
            }
        }
    }

    private Mono<Void> on(Supplier<CompletableFuture<Void>> step) {
        // suppressCancel: cancelling the Mono must not cancel the producer's future of the step.
        return Mono.fromFuture(step, true).publishOn(scheduler);
    }
}
