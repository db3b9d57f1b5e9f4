package dev.asynckafka.spring.metrics;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Publishes the meters of every listener container to a {@link MeterRegistry}, as a {@link
 * ListenerObserver} the containers call. Meters are tagged {@code client.id}, {@code group} and
 * {@code listener.id}; per-partition ones also {@code topic} and {@code partition}.
 *
 * <ul>
 *   <li>Consumer: {@code async.kafka.consumer.rebalances}, {@code .rebalances.failed}, {@code
 *       .rebalance.time}, {@code .rebalance.last.duration}, {@code .rebalance.in.progress}, {@code
 *       .last.assignment.time}, {@code .generation}, {@code .assigned.partitions}, registered with
 *       the container's first event (or at startup for containers already running).
 *   <li>Per partition: {@code async.kafka.consumer.lag} (high watermark minus the consumer's
 *       position: not yet taken by the container), {@code .lag.committed} (high watermark minus the
 *       committed offset: not yet processed and committed), {@code .position}, {@code
 *       .buffer.records}, {@code .buffer.bytes}, and {@code async.kafka.listener.pending} (taken by the
 *       container, not yet finished: {@link ListenerContainer#pendingRecords}), registered when the
 *       partition is assigned and removed from the registry when it is revoked, or when its
 *       container is found stopped or failed at the next event of any container — never left stale.
 *   <li>Listener: the timer {@code async.kafka.listener.process} and the counter {@code
 *       async.kafka.listener.records} (tag {@code result}: success, retry, failure), the counter
 *       {@code async.kafka.listener.retries}, and the counter {@code async.kafka.listener.dead.letter}
 *       (tag {@code result}: published, failed): every dead-letter copy sent, including a second
 *       copy of a record redelivered after a crash between its dead-letter send and the commit, and
 *       every failed error handler call.
 * </ul>
 *
 * <p>Gauges read {@link dev.asynckafka.consumer.AsyncKafkaConsumer#metrics()} when the registry
 * polls them: no I/O, nothing done per record beyond the listener timer. Callbacks run on the
 * container's threads; all methods are thread-safe and never throw. On shutdown every meter is
 * removed.
 */
public class AsyncKafkaListenerMetrics implements ListenerObserver, SmartInitializingSingleton, DisposableBean {
    private final MeterRegistry registry;
    private final Supplier<Collection<ListenerContainer>> containers;
    private final Map<String, ContainerMeters> meters = new ConcurrentHashMap<>();

    /**
     * @param registry where meters go
     * @param containers the application's listener containers, asked once all singletons exist (so
     *     that the listener registry, which may depend on this observer, is looked up lazily)
     */
    public AsyncKafkaListenerMetrics(MeterRegistry registry, Supplier<Collection<ListenerContainer>> containers) {
        this.registry = registry;
        this.containers = containers;
    }

    /** Registers the meters of containers already running (started before this observer was called). */
    @Override
    public void afterSingletonsInstantiated() {
        for (ListenerContainer c : containers.get()) {
            if (c.consumer() != null) {
                ContainerMeters m = of(c);
                m.assigned(c.assignment());
            }
        }
    }

    private ContainerMeters of(ListenerContainer container) {
        return meters.computeIfAbsent(container.id(), id -> new ContainerMeters(container, registry));
    }

    @Override
    public void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {
        sweepStopped();
        of(container).assigned(partitions);
    }

    @Override
    public void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions) {
        of(container).revoked(partitions);
        sweepStopped();
    }

    @Override
    public void processed(
            ListenerContainer container, TopicPartition partition, int records, Duration time, Outcome outcome) {
        of(container).processed(partition, records, time, outcome);
    }

    @Override
    public void deadLettered(
            ListenerContainer container, TopicPartition partition, long offset, String deadLetterTopic) {
        of(container).deadLettered(partition);
    }

    @Override
    public void deadLetterFailed(ListenerContainer container, TopicPartition partition, long offset, Throwable error) {
        of(container).deadLetterFailed(partition);
    }

    /** Drops the partition gauges of containers that stopped or failed without reporting a revocation. */
    private void sweepStopped() {
        for (ContainerMeters m : meters.values()) {
            ListenerContainer.State state = m.container().state();
            if (state == ListenerContainer.State.STOPPED || state == ListenerContainer.State.FAILED) {
                m.revokeAll();
            }
        }
    }

    /** The partitions of a container that have gauges now; empty for an unknown container. For tests. */
    List<TopicPartition> partitionsWithMeters(String listenerId) {
        ContainerMeters m = meters.get(listenerId);
        return m == null ? List.of() : m.partitionsWithMeters();
    }

    /** Removes every meter this observer registered. */
    @Override
    public void destroy() {
        meters.values().forEach(ContainerMeters::close);
        meters.clear();
    }
}
