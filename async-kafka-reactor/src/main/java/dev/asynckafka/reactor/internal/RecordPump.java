package dev.asynckafka.reactor.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecords;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * Maps one sink's demand onto {@code getMany} calls: at most one call outstanding, asking for no
 * more records than the subscriber requested and has not yet received, so nothing is taken from
 * the consumer's buffers before it is wanted, and the consumer stops fetching a partition whose
 * buffer is full. A call the pump no longer wants (cancel, revocation) is cancelled: the core then
 * keeps its records buffered.
 *
 * @param <T> what the sink emits
 */
final class RecordPump<K, V, T> {
    private final AsyncKafkaConsumer<K, V> consumer;
    private final @Nullable Set<TopicPartition> partitions;
    private final int maxRecords;
    private final Duration pollTimeout;
    private final BooleanSupplier held;
    private final BiFunction<ConsumerRecords<K, V>, FluxSink<T>, CompletionStage<Void>> deliver;

    private final AtomicInteger wip = new AtomicInteger();
    private volatile @Nullable FluxSink<T> sink;
    private volatile @Nullable CompletableFuture<ConsumerRecords<K, V>> outstanding;
    // From issuing a getMany until its records were delivered.
    private volatile boolean busy;
    private volatile boolean stopped;
    private volatile boolean ended;
    private final CompletableFuture<Void> quiet = new CompletableFuture<>();

    /**
     * @param partitions the partitions to read, or null for the whole assignment
     * @param held while true, no call is issued (a revocation is being handled)
     * @param deliver hands a batch to the sink; the pump issues the next call once the returned
     *     stage completes, or fails the sink with its error
     */
    RecordPump(
            AsyncKafkaConsumer<K, V> consumer,
            @Nullable Set<TopicPartition> partitions,
            int maxRecords,
            Duration pollTimeout,
            BooleanSupplier held,
            BiFunction<ConsumerRecords<K, V>, FluxSink<T>, CompletionStage<Void>> deliver) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.maxRecords = maxRecords;
        this.pollTimeout = pollTimeout;
        this.held = held;
        this.deliver = deliver;
    }

    /** Connects the subscriber's sink; records flow as it requests them. */
    void attach(FluxSink<T> s) {
        this.sink = s;
        s.onRequest(n -> drain());
        if (ended) {
            s.complete();
            return;
        }
        drain();
    }

    /** Issues the next call if there is demand and none is outstanding. Any thread. */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            FluxSink<T> s = sink;
            if (s != null && !stopped && !busy && !held.getAsBoolean() && !s.isCancelled()) {
                long requested = s.requestedFromDownstream();
                if (requested > 0) {
                    issue(s, (int) Math.min(requested, maxRecords));
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void issue(FluxSink<T> s, int max) {
        CompletableFuture<ConsumerRecords<K, V>> f;
        try {
            Set<TopicPartition> ps = partitions;
            f = ps == null ? consumer.getMany(pollTimeout, max) : consumer.getMany(ps, pollTimeout, max);
        } catch (RuntimeException e) {
            halt();
            s.error(e);
            return;
        }
        busy = true;
        outstanding = f;
        f.whenComplete((records, error) -> onBatch(s, records, error));
        if (stopped) {
            f.cancel(false); // stopped while issuing: the records stay in the consumer
        }
    }

    private void onBatch(FluxSink<T> s, @Nullable ConsumerRecords<K, V> records, @Nullable Throwable error) {
        outstanding = null;
        if (error != null) {
            Throwable cause = Futures.unwrap(error);
            idle();
            if (cause instanceof CancellationException) {
                // We gave the call up (revocation, cancel): its records stay in the consumer.
                drain();
            } else if (!stopped) {
                halt();
                s.error(cause);
            }
            return;
        }
        if (records == null || records.isEmpty()) {
            idle();
            drain();
            return;
        }
        // Records the consumer handed over after a stop are not acknowledged: they are delivered
        // again after a restart or to the partition's next owner.
        CompletionStage<Void> done;
        try {
            done = stopped ? Futures.DONE : deliver.apply(records, s);
        } catch (RuntimeException e) {
            idle();
            halt();
            s.error(e);
            return;
        }
        done.whenComplete((v, e) -> {
            idle();
            if (e != null) {
                halt();
                s.error(Futures.unwrap(e));
            } else {
                drain();
            }
        });
    }

    /** No call outstanding and no delivery under way any more. */
    private void idle() {
        busy = false;
        if (stopped) {
            quiet.complete(null);
        }
    }

    /**
     * Completes once the pump is stopped and no delivery is under way: a subscriber that cancels
     * from inside {@code onNext} has finished with that record (and acknowledged it) by then.
     */
    CompletableFuture<Void> quiet() {
        return quiet;
    }

    /** Gives up the outstanding call, if any; the pump issues a new one when {@link #drain()}ed. */
    void cancelOutstanding() {
        CompletableFuture<ConsumerRecords<K, V>> f = outstanding;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Stops for good: no more calls; the outstanding one is given up. */
    void stop() {
        halt();
        cancelOutstanding();
    }

    private void halt() {
        stopped = true;
        if (!busy) {
            quiet.complete(null);
        }
    }

    /** Stops and completes the sink (now, or as soon as a subscriber attaches). */
    void complete() {
        ended = true;
        stop();
        FluxSink<T> s = sink;
        if (s != null) {
            s.complete();
        }
    }
}
