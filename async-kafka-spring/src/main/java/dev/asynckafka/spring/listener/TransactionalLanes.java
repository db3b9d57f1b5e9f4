package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producers of one container run: one per assigned partition, with {@code
 * transactional.id} = prefix + group + ":" + topic + ":" + partition, created (and initialized, which fences a
 * previous owner of the partition, in this JVM or a killed one, and aborts what it left open) on the
 * partition's first transaction. One producer per lane because a lane processes one record (or
 * batch) at a time and a producer has at most one open transaction: lanes never wait for each
 * other's transactions, and the id stays the same across restarts and rebalances, so a zombie
 * owner of the partition is fenced by the new owner's {@code initTransactions} as well as by the
 * group generation in {@code sendOffsetsToTransaction}. Thread-safe.
 */
final class TransactionalLanes {
    private static final Logger log = LoggerFactory.getLogger(TransactionalLanes.class);

    /** The group coordinator did not take the offsets (a rebalance fenced this member): not the listener's fault. */
    static final class OffsetsNotAddedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OffsetsNotAddedException(Throwable cause) {
            super("The offsets were not added to the transaction: " + cause, cause);
        }
    }

    /**
     * The lane was dropped (revoke or stop timeout, lost partitions) before its offsets went into
     * the transaction: another member may own the partition, so the transaction is aborted and the
     * work given up, never retried.
     */
    static final class LaneGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LaneGoneException(TopicPartition partition) {
            super("The lane of " + partition + " is gone: its transaction is not committed");
        }
    }

    private record LaneProducer(
            String transactionalId, AsyncKafkaProducer<byte[], byte[]> producer, CompletableFuture<Void> init) {}

    private final String listenerId;
    private final ListenerTransactionSettings settings;
    private final AsyncKafkaClientFactory factory;
    private final String groupId;
    private final Supplier<CompletableFuture<GroupMetadata>> groupMetadata;
    private final Duration closeTimeout;

    // Guarded by this.
    private final Map<TopicPartition, LaneProducer> producers = new HashMap<>();
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private boolean closed;

    TransactionalLanes(
            String listenerId,
            ListenerTransactionSettings settings,
            AsyncKafkaClientFactory factory,
            String groupId,
            Supplier<CompletableFuture<GroupMetadata>> groupMetadata,
            Duration closeTimeout) {
        this.listenerId = listenerId;
        this.settings = settings;
        this.factory = factory;
        this.groupId = groupId;
        this.groupMetadata = groupMetadata;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Begins a transaction on the partition's producer, creating and initializing it first if
     * needed.
     *
     * @return completes on a producer's event loop; fails if the producer cannot be created or
     *     initialized (it is then discarded and the next call makes a new one) or after {@link #close}
     */
    CompletableFuture<Txn> begin(TopicPartition tp) {
        LaneProducer lp;
        try {
            lp = producer(tp);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lp.init()
                .thenCompose(v -> lp.producer().beginTransaction())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        discard(tp, lp, e);
                    }
                })
                .thenApply(v -> new Txn(tp, lp));
    }

    /**
     * The partition's producer, created if needed, once its {@code initTransactions} completed
     * (which finishes whatever transaction an earlier producer with the id left open).
     *
     * @return fails like {@link #begin}
     */
    CompletableFuture<Void> initialized(TopicPartition tp) {
        LaneProducer lp;
        try {
            lp = producer(tp);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lp.init().whenComplete((v, e) -> {
            if (e != null) {
                discard(tp, lp, e);
            }
        });
    }

    private synchronized LaneProducer producer(TopicPartition tp) {
        if (closed) {
            throw new IllegalStateException("Listener " + listenerId + " is stopping: no new transactions");
        }
        LaneProducer lp = producers.get(tp);
        if (lp == null) {
            String id = settings.transactionalId(groupId, tp.topic(), tp.partition());
            AsyncKafkaProducer<byte[], byte[]> p = factory.createProducer(
                    listenerId + "-txn-" + tp.topic() + "-" + tp.partition(),
                    Map.of("transactional.id", id),
                    Serializers.byteArray(),
                    Serializers.byteArray());
            lp = new LaneProducer(id, p, p.initTransactions());
            producers.put(tp, lp);
            log.debug("Listener {}: transactional producer {} for {}", listenerId, id, tp);
        }
        return lp;
    }

    /** The producer cannot go on (initialization failed, a fatal error): closed, and the next transaction makes a new one. */
    private void discard(TopicPartition tp, LaneProducer lp, Throwable cause) {
        synchronized (this) {
            if (!producers.remove(tp, lp)) {
                return;
            }
        }
        log.warn(
                "Listener {}: discarding transactional producer {} after: {}",
                listenerId,
                lp.transactionalId(),
                RecordProcessor.unwrap(cause).toString());
        close(lp);
    }

    /**
     * The partition is no longer this container's: its producer is closed once {@code after}
     * (the lane's work in progress) completes. If the partition comes back, a new producer with the
     * same id fences this one.
     */
    void release(TopicPartition tp, CompletableFuture<Void> after) {
        LaneProducer lp;
        synchronized (this) {
            lp = producers.remove(tp);
        }
        if (lp != null) {
            // Tracked at once, so close() also waits for producers whose lane is still busy.
            track(after.handle((v, e) -> null).thenCompose(v -> closeProducer(lp)));
        }
    }

    private void close(LaneProducer lp) {
        track(closeProducer(lp));
    }

    private CompletableFuture<Void> closeProducer(LaneProducer lp) {
        return lp.producer().closeAsync(closeTimeout).exceptionally(e -> null);
    }

    private synchronized void track(CompletableFuture<Void> f) {
        closing.removeIf(CompletableFuture::isDone);
        closing.add(f);
    }

    /** Closes every producer (an open transaction is aborted); completes when all are closed; never fails. */
    CompletableFuture<Void> close() {
        List<LaneProducer> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(producers.values());
            producers.clear();
        }
        all.forEach(this::close);
        synchronized (this) {
            return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
        }
    }

    /** One open transaction of a partition's producer. */
    final class Txn implements ListenerTransaction {
        private final TopicPartition partition;
        private final LaneProducer lp;
        // Guarded by this: a send either goes in before the transaction is ended or fails.
        private boolean open = true;

        Txn(TopicPartition partition, LaneProducer lp) {
            this.partition = partition;
            this.lp = lp;
        }

        @Override
        public CompletableFuture<RecordMetadata> send(ProducerRecord<?, ?> record) {
            byte[] key;
            byte[] value;
            try {
                key = settings.keySerializer().serialize(record.topic(), record.key());
                value = settings.valueSerializer().serialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            synchronized (this) {
                if (!open) {
                    return CompletableFuture.failedFuture(new IllegalStateException("The transaction of " + partition
                            + " is over: send records before the listener's stage completes"));
                }
                return lp.producer()
                        .send(new ProducerRecord<>(
                                record.topic(), record.partition(), key, value, record.headers(), record.timestamp()));
            }
        }

        @Override
        public AsyncKafkaProducer<byte[], byte[]> producer() {
            return lp.producer();
        }

        @Override
        public String transactionalId() {
            return lp.transactionalId();
        }

        private synchronized void end() {
            open = false;
        }

        /**
         * Adds the offset after the records to the transaction with the group's current metadata,
         * then commits. The metadata is read first and the lane checked ({@code owned}) after: if
         * the lane is still alive then, the metadata predates any drop of the lane and so carries
         * the generation the partition was owned in (a later rebalance makes the coordinator refuse
         * it), never the generation of a rejoin after the drop. Generation -1 (not a member; classic
         * coordinators would skip the generation check) is refused here.
         *
         * @return completes on an event loop; fails with {@link LaneGoneException} when the lane is
         *     gone, with {@link OffsetsNotAddedException} when the member is not in the group or the
         *     group coordinator refused the offsets, or with the commit's error; in every case the
         *     transaction must then be aborted
         */
        CompletableFuture<Void> commit(List<ConsumerRecord<byte[], byte[]>> records, BooleanSupplier owned) {
            end();
            long next = records.get(records.size() - 1).offset() + 1;
            return groupMetadata
                    .get()
                    .thenCompose(group -> {
                        if (!owned.getAsBoolean()) {
                            return CompletableFuture.<Void>failedFuture(new LaneGoneException(partition));
                        }
                        if (group.generationId() < 0) {
                            return CompletableFuture.<Void>failedFuture(
                                    new OffsetsNotAddedException(new IllegalStateException("Not a member of group "
                                            + group.groupId() + " (generation " + group.generationId() + ")")));
                        }
                        return lp.producer()
                                .sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(next)), group)
                                .handle((v, e) -> {
                                    if (e != null) {
                                        throw new OffsetsNotAddedException(RecordProcessor.unwrap(e));
                                    }
                                    return v;
                                });
                    })
                    .thenCompose(v -> lp.producer().commitTransaction());
        }

        /**
         * Aborts: nothing sent in the transaction becomes visible. If the abort fails (a fatal
         * error: the producer was fenced, or a commit's outcome is unknown) the producer is
         * discarded; the next producer's {@code initTransactions} then finishes the transaction.
         *
         * @return completes with whether the abort succeeded (false: the producer was discarded);
         *     never fails
         */
        CompletableFuture<Boolean> abort() {
            end();
            return lp.producer().abortTransaction().handle((v, e) -> {
                if (e != null) {
                    discard(partition, lp, e);
                    return false;
                }
                return true;
            });
        }
    }
}
