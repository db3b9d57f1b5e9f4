package dev.asynckafka.reactor.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.reactor.RebalanceEvent;
import dev.asynckafka.reactor.ReceiverOffset;
import dev.asynckafka.reactor.ReceiverOptions;
import dev.asynckafka.reactor.ReceiverRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.GroupedFlux;
import reactor.core.scheduler.Schedulers;

/**
 * One subscription to a {@link dev.asynckafka.reactor.KafkaReceiver} {@code Flux}: its own consumer,
 * the pumps that map demand onto it, acknowledgements and commits, and the rebalance callbacks.
 * Ends when the {@code Flux} terminates or is cancelled: commits what was acknowledged, then closes
 * the consumer (which leaves the group).
 */
public final class ReceiverSession<K, V> implements RebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(ReceiverSession.class);

    private final ReceiverOptions<K, V> options;
    private final Consumer<RebalanceEvent> events;
    private final Executor executor;
    private final boolean grouped;
    private final AsyncKafkaConsumer<K, V> consumer;
    private final Committer committer;
    private final AtomicInteger revoking = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Map<TopicPartition, PartitionFlux<K, V>> partitionFluxes = new ConcurrentHashMap<>();
    private volatile @Nullable RecordPump<K, V, ?> flatPump;
    private volatile @Nullable FluxSink<GroupedFlux<TopicPartition, ReceiverRecord<K, V>>> partitionsSink;
    private volatile @Nullable FluxSink<?> mainSink;
    private volatile @Nullable Disposable periodicCommit;

    /** Creates the session's consumer; it opens no connection until {@link #start()}. */
    public ReceiverSession(ReceiverOptions<K, V> options, Consumer<RebalanceEvent> events) {
        this.options = options;
        this.events = events;
        this.executor = options.consumerOptions().executor();
        this.grouped = options.consumerOptions().groupId() != null;
        this.consumer = options.resources()
                .map(r -> AsyncKafkaConsumer.create(
                        options.consumerOptions(), options.keyDeserializer(), options.valueDeserializer(), r))
                .orElseGet(() -> AsyncKafkaConsumer.create(
                        options.consumerOptions(), options.keyDeserializer(), options.valueDeserializer()));
        this.committer = new Committer(
                consumer,
                grouped,
                options.commitBatchSize(),
                options.consumerOptions().executor());
    }

    /** The session's consumer. */
    public AsyncKafkaConsumer<K, V> consumer() {
        return consumer;
    }

    /** Completes once the session ended and its consumer is closed. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    // ------------------------------------------------------------------ the four ways to receive

    /** Records with offsets to acknowledge. */
    public void receive(FluxSink<ReceiverRecord<K, V>> sink) {
        flat(sink, (records, s) -> {
            for (ConsumerRecord<K, V> r : records) {
                s.next(new ReceiverRecord<>(r, committer.taken(r)));
            }
            return Futures.DONE;
        });
    }

    /** Records acknowledged as soon as the subscriber's {@code onNext} returned. */
    public void receiveAutoAck(FluxSink<ConsumerRecord<K, V>> sink) {
        flat(sink, (records, s) -> {
            for (ConsumerRecord<K, V> r : records) {
                ReceiverOffset offset = committer.taken(r);
                s.next(r);
                offset.acknowledge();
            }
            return Futures.DONE;
        });
    }

    /** Records whose offsets were committed before they are handed out. */
    public void receiveAtMostOnce(FluxSink<ConsumerRecord<K, V>> sink) {
        if (!grouped) {
            sink.error(new IllegalStateException("receiveAtMostOnce commits to a group: set group.id"));
            return;
        }
        flat(sink, (records, s) -> {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<K, V>> rs = records.records(tp);
                next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
            }
            return Futures.hop(consumer.commit(next), executor).thenRun(() -> records.forEach(s::next));
        });
    }

    /** One inner {@code Flux} per assigned partition, completed when the partition is revoked or lost. */
    public void receivePartitions(FluxSink<GroupedFlux<TopicPartition, ReceiverRecord<K, V>>> sink) {
        this.partitionsSink = sink;
        this.mainSink = sink;
    }

    private <T> void flat(
            FluxSink<T> sink, BiFunction<ConsumerRecords<K, V>, FluxSink<T>, CompletionStage<Void>> deliver) {
        RecordPump<K, V, T> pump = new RecordPump<>(
                consumer, null, options.maxRecords(), options.pollTimeout(), () -> revoking.get() > 0, deliver);
        this.flatPump = pump;
        this.mainSink = sink;
        pump.attach(sink);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Subscribes or assigns; call once, after a receive method. */
    public void start() {
        if (closing.get()) {
            return;
        }
        long interval = options.commitInterval().toMillis();
        if (grouped && interval > 0) {
            periodicCommit = Schedulers.parallel()
                    .schedulePeriodically(
                            () -> logFailure(committer.commit(null), "periodic commit"),
                            interval,
                            interval,
                            TimeUnit.MILLISECONDS);
        }
        try {
            if (!options.assignment().isEmpty()) {
                consumer.assign(options.assignment());
                onPartitionsAssigned(options.assignment());
                return;
            }
            CompletableFuture<Void> subscribed = options.pattern().isPresent()
                    ? consumer.subscribe(options.pattern().get(), this)
                    : consumer.subscribe(options.topics(), this);
            subscribed.whenComplete((v, e) -> {
                if (e != null) {
                    fail(Futures.unwrap(e));
                }
            });
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        FluxSink<?> s = mainSink;
        if (s != null) {
            s.error(e);
        }
    }

    /**
     * Ends the session (idempotent; any thread): stops asking for records, commits what was
     * acknowledged, closes the consumer (leaving the group) and completes the partition fluxes.
     */
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Disposable p = periodicCommit;
        if (p != null) {
            p.dispose();
        }
        List<CompletableFuture<Void>> quiet = new ArrayList<>();
        RecordPump<K, V, ?> pump = flatPump;
        if (pump != null) {
            pump.stop();
            quiet.add(pump.quiet());
        }
        partitionFluxes.values().forEach(f -> {
            f.pump().stop();
            quiet.add(f.pump().quiet());
        });
        // A cancel from inside onNext comes before that record's acknowledgement: commit once
        // the deliveries under way have returned.
        CompletableFuture.allOf(quiet.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(v -> committer.commit(null))
                .handle((v, e) -> {
                    if (e != null) {
                        log.warn("Could not commit acknowledged offsets before closing: {}", e.toString());
                    }
                    return null;
                })
                .thenCompose(v -> consumer.closeAsync(options.closeTimeout()))
                .whenCompleteAsync(
                        (v, e) -> {
                            if (e != null) {
                                log.warn("Closing the receiver's consumer failed: {}", e.toString());
                            }
                            committer.retireAll();
                            partitionFluxes.values().forEach(f -> f.pump().complete());
                            partitionFluxes.clear();
                            closed.complete(null);
                        },
                        executor);
    }

    // ------------------------------------------------------------------ rebalances (on the executor)

    @Override
    public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
        FluxSink<GroupedFlux<TopicPartition, ReceiverRecord<K, V>>> sink = partitionsSink;
        if (sink != null && !closing.get()) {
            for (TopicPartition tp : partitions) {
                RecordPump<K, V, ReceiverRecord<K, V>> pump = new RecordPump<>(
                        consumer,
                        Set.of(tp),
                        options.maxRecords(),
                        options.pollTimeout(),
                        // Only the revoked partitions stop during a revocation: the others flow on.
                        () -> false,
                        (records, s) -> {
                            for (ConsumerRecord<K, V> r : records) {
                                s.next(new ReceiverRecord<>(r, committer.taken(r)));
                            }
                            return Futures.DONE;
                        });
                PartitionFlux<K, V> flux = new PartitionFlux<>(tp, pump);
                PartitionFlux<K, V> old = partitionFluxes.put(tp, flux);
                if (old != null) {
                    old.pump().complete();
                }
                sink.next(flux);
            }
        }
        events.accept(new RebalanceEvent(RebalanceEvent.Type.ASSIGNED, partitions));
        return Futures.DONE;
    }

    @Override
    public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
        revoking.incrementAndGet();
        // Give up outstanding calls first: records not yet claimed stay in the consumer and are
        // neither handed out nor committed here.
        RecordPump<K, V, ?> pump = flatPump;
        if (pump != null) {
            pump.cancelOutstanding();
        }
        for (TopicPartition tp : partitions) {
            PartitionFlux<K, V> f = partitionFluxes.get(tp);
            if (f != null) {
                f.pump().stop();
            }
        }
        CompletableFuture<Void> commit = committer.commit(partitions).handle((v, e) -> {
            if (e != null) {
                log.warn(
                        "Could not commit acknowledged offsets of revoked partitions {}: {}", partitions, e.toString());
            }
            return null;
        });
        return Futures.hop(commit, executor).thenRun(() -> {
            endPartitions(partitions);
            events.accept(new RebalanceEvent(RebalanceEvent.Type.REVOKED, partitions));
            revoking.decrementAndGet();
            drainAll();
        });
    }

    @Override
    public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
        endPartitions(partitions);
        events.accept(new RebalanceEvent(RebalanceEvent.Type.LOST, partitions));
        return Futures.DONE;
    }

    private void endPartitions(Set<TopicPartition> partitions) {
        committer.retire(partitions);
        for (TopicPartition tp : partitions) {
            PartitionFlux<K, V> f = partitionFluxes.remove(tp);
            if (f != null) {
                f.pump().complete();
            }
        }
    }

    private void drainAll() {
        RecordPump<K, V, ?> pump = flatPump;
        if (pump != null) {
            pump.drain();
        }
        partitionFluxes.values().forEach(f -> f.pump().drain());
    }

    private static void logFailure(CompletableFuture<Void> f, String what) {
        f.whenComplete((v, e) -> {
            if (e != null) {
                log.debug("The receiver's {} failed; the offsets stay for the next: {}", what, e.toString());
            }
        });
    }
}
