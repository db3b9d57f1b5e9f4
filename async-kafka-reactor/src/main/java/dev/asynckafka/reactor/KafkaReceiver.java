package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.reactor.internal.ReceiverSession;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.GroupedFlux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A Reactive Streams Kafka receiver: each subscription to one of its {@code Flux}es creates an
 * {@link AsyncKafkaConsumer}, subscribes it (or assigns its partitions) as {@link ReceiverOptions}
 * say, and hands out records as the subscriber requests them; the successor of reactor-kafka's
 * {@code KafkaReceiver}.
 *
 * <h2>Demand drives fetching</h2>
 *
 * The receiver asks the consumer for no more records than the subscriber requested and has not
 * yet received (at most {@link ReceiverOptions#maxRecords()} per call, one call at a time per
 * {@code Flux}). Records not requested stay in the consumer's per-partition buffers, and a partition
 * whose buffer is full ({@link ConsumerOptions#partitionBufferBytes()}) is not fetched until records
 * are taken from it. With {@link #receivePartitions()} each partition has its own {@code Flux}: a
 * partition whose subscriber requests nothing is fetched no further than its buffer while the
 * others keep flowing.
 *
 * <p>The consumer's group membership runs in the background, independent of demand; only when a
 * {@code Flux} requests nothing for {@code max.poll.interval.ms} (no partition of {@link
 * #receivePartitions()} requesting either) does the member leave the group, as a stalled {@code
 * poll()} loop would, and it rejoins as soon as demand returns.
 *
 * <h2>Threading</h2>
 *
 * Records and completion are signalled on {@link ConsumerOptions#executor()} (the common fork-join
 * pool by default), never on the consumer's I/O loop; signals of one {@code Flux} are serial.
 * Subscribing never blocks. Use {@code publishOn} for processing that blocks.
 *
 * <h2>Cancelling and termination</h2>
 *
 * Cancelling a {@code Flux} (or its completion or error) gives up the outstanding consumer call —
 * the consumer keeps its records buffered, so nothing is taken that was not handed out — commits the
 * acknowledged offsets, then closes the consumer, which leaves the group (within {@link
 * ReceiverOptions#closeTimeout()}). Records handed out and not acknowledged are not committed, so a
 * new subscription in the same group receives them again: nothing is lost, and only unacknowledged
 * records are received twice. One receiver runs one subscription at a time: subscribing again
 * while a {@code Flux} is active fails with {@link IllegalStateException}; a subscription made after
 * a cancel starts its consumer once the previous one has closed.
 *
 * <h2>Errors</h2>
 *
 * A {@code Flux} fails with the consumer's error: a subscription the consumer refuses ({@link
 * IllegalArgumentException}), a failed partition (corrupt batch, deserialization error, no offset
 * under {@code auto.offset.reset=none}, see {@link AsyncKafkaConsumer}), authentication. With
 * {@link #receivePartitions()} a failed partition fails only its own {@code Flux}. Failed commits
 * are logged and retried by the next commit; {@link ReceiverOffset#commit()} reports them.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KafkaReceiver<K, V> {
    private final ReceiverOptions<K, V> options;
    private final Sinks.Many<RebalanceEvent> events = Sinks.many().multicast().directBestEffort();
    private final AtomicReference<ReceiverSession<K, V>> active = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> lastClose =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    private KafkaReceiver(ReceiverOptions<K, V> options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A receiver; it creates a consumer for each subscription, none before. */
    public static <K, V> KafkaReceiver<K, V> create(ReceiverOptions<K, V> options) {
        return new KafkaReceiver<>(options);
    }

    /** The options the receiver was created with. */
    public ReceiverOptions<K, V> options() {
        return options;
    }

    /**
     * The records of every assigned partition, each with a {@link ReceiverOffset} to acknowledge once
     * processed: the receiver commits contiguous acknowledged prefixes (at-least-once). Within a
     * partition, records come in offset order; across partitions, each call takes a fair share of
     * every partition with data.
     *
     * @return a cold {@code Flux}; each subscription consumes with a consumer of its own (see the
     *     class documentation for threading, cancel and errors)
     */
    public Flux<ReceiverRecord<K, V>> receive() {
        return session(ReceiverSession::receive, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * One {@link GroupedFlux} per assigned partition, keyed by the partition, emitted when the
     * partition is assigned and completed when it is revoked or lost (after its acknowledged offsets
     * were committed on revocation) or when the outer {@code Flux} ends. Each inner {@code Flux}
     * allows one subscriber and fetches its partition only as that subscriber requests: a partition
     * whose subscriber requests nothing (or that is never subscribed) is fetched no further than the
     * consumer's partition buffer, while the others flow. Cancelling an inner {@code Flux} stops its
     * partition until the partition is assigned anew; cancelling the outer one ends the session.
     */
    public Flux<GroupedFlux<TopicPartition, ReceiverRecord<K, V>>> receivePartitions() {
        return session(ReceiverSession::receivePartitions, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * Records acknowledged as soon as the subscriber's {@code onNext} returned for them and committed
     * every {@link ReceiverOptions#commitInterval()} (and batch, and on revocation), as kafka-clients'
     * auto-commit does. Processing finished inside {@code onNext} is at-least-once; records handed to
     * an asynchronous stage ({@code publishOn}, {@code flatMap}) may be committed before they are
     * processed.
     */
    public Flux<ConsumerRecord<K, V>> receiveAutoAck() {
        return session(ReceiverSession::receiveAutoAck, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Records committed before they are handed out (at-most-once): each batch taken from the consumer
     * (at most what was requested, up to {@link ReceiverOptions#maxRecords()}) is committed first, so
     * after a failure or a cancel the batch's records that were not processed are not delivered
     * again. A failed commit fails the {@code Flux} without handing out the batch. Needs a {@code
     * group.id}.
     */
    public Flux<ConsumerRecord<K, V>> receiveAtMostOnce() {
        return session(ReceiverSession::receiveAtMostOnce, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Assignment changes of whichever {@code Flux} of this receiver is active, as they happen: a hot
     * {@code Flux} that never completes, signalled on {@link ConsumerOptions#executor()}. Revocation
     * events come after the revoked partitions' acknowledged offsets were committed. Subscribers
     * that do not keep up miss events (best effort); subscribe before receiving to see the first
     * assignment.
     */
    public Flux<RebalanceEvent> rebalanceEvents() {
        return events.asFlux();
    }

    /**
     * Runs {@code function} with the consumer of the active subscription, for what the receiver does
     * not expose (seeks, metrics, lag, committed offsets). Do not consume records through it or
     * close it.
     *
     * @return a {@code Mono} of the function's result, on the subscribing thread; fails with {@link
     *     IllegalStateException} when no {@code Flux} of this receiver is active
     */
    public <T> Mono<T> doOnConsumer(Function<? super AsyncKafkaConsumer<K, V>, ? extends T> function) {
        Objects.requireNonNull(function, "function");
        return Mono.fromCallable(() -> {
            ReceiverSession<K, V> s = active.get();
            if (s == null) {
                throw new IllegalStateException("No Flux of this receiver is active");
            }
            return function.apply(s.consumer());
        });
    }

    private <T> Flux<T> session(
            BiConsumer<ReceiverSession<K, V>, FluxSink<T>> receive, FluxSink.OverflowStrategy overflow) {
        return Flux.create(
                sink -> {
                    if (active.get() != null) {
                        sink.error(alreadyActive());
                        return;
                    }
                    ReceiverSession<K, V> session;
                    try {
                        session = new ReceiverSession<>(options, events::tryEmitNext);
                    } catch (RuntimeException e) {
                        sink.error(e);
                        return;
                    }
                    if (!active.compareAndSet(null, session)) {
                        session.consumer().closeAsync(options.closeTimeout());
                        sink.error(alreadyActive());
                        return;
                    }
                    CompletableFuture<Void> previous = lastClose.getAndSet(session.closed());
                    receive.accept(session, sink);
                    sink.onDispose(() -> {
                        session.close();
                        active.compareAndSet(session, null);
                    });
                    // A consumer of the previous subscription may still be leaving the group:
                    // start after it left, so that its last commit is what this one resumes from.
                    previous.whenCompleteAsync(
                            (v, e) -> session.start(), options.consumerOptions().executor());
                },
                overflow);
    }

    private static IllegalStateException alreadyActive() {
        return new IllegalStateException("This receiver already has an active Flux: cancel it first, or create"
                + " another receiver to consume in parallel");
    }
}
