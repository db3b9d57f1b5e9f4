package dev.asynckafka.reactor.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.reactor.ReceiverRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.GroupedFlux;
import reactor.core.publisher.Operators;

/** One assigned partition's records, for one subscriber, fetched as it requests them. */
final class PartitionFlux<K, V> extends GroupedFlux<TopicPartition, ReceiverRecord<K, V>> {
    private final TopicPartition partition;
    private final RecordPump<K, V, ReceiverRecord<K, V>> pump;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    PartitionFlux(TopicPartition partition, RecordPump<K, V, ReceiverRecord<K, V>> pump) {
        this.partition = partition;
        this.pump = pump;
    }

    @Override
    public TopicPartition key() {
        return partition;
    }

    @Override
    public void subscribe(CoreSubscriber<? super ReceiverRecord<K, V>> actual) {
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(
                    actual, new IllegalStateException("The Flux of partition " + partition + " allows one subscriber"));
            return;
        }
        Flux.<ReceiverRecord<K, V>>create(
                        sink -> {
                            sink.onDispose(pump::stop);
                            pump.attach(sink);
                        },
                        FluxSink.OverflowStrategy.ERROR)
                .subscribe(actual);
    }

    RecordPump<K, V, ReceiverRecord<K, V>> pump() {
        return pump;
    }

    @Override
    public String toString() {
        return "PartitionFlux{" + partition + "}";
    }
}
