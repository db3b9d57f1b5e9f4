package dev.asynckafka.spring.actuate;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerMetrics;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code asynckafka} Actuator endpoint. Reading it ({@code GET /actuator/asynckafka}) shows every
 * listener container (state, group, membership, and per assigned partition the position, committed
 * offset, high watermark, lag and records the container holds) and every producer bean's counters;
 * {@code GET /actuator/asynckafka/{id}} shows one container. Writing ({@code POST
 * /actuator/asynckafka/{id}} with {@code {"action": "pause"}}, {@code resume}, {@code stop} or {@code
 * start}) operates a container and answers with its description afterwards.
 *
 * <p>Like every Actuator endpoint it is exposed over HTTP only when listed in {@code
 * management.endpoints.web.exposure.include}, and secured by the application's security for
 * {@code /actuator/**}; {@code management.endpoint.asynckafka.access=read-only} keeps the reads and
 * refuses the writes.
 *
 * <p>Reads take snapshots the clients already publish and do no I/O. {@code stop} blocks the calling
 * (web) thread until the container has stopped, which includes finishing the records in progress and
 * committing them; {@code start} returns once the container is starting.
 */
@Endpoint(id = "asynckafka")
public class AsyncKafkaEndpoint {

    /** What a write can do to a container. */
    public enum Action {
        /** {@link ListenerContainer#pause()}. */
        PAUSE,
        /** {@link ListenerContainer#resume()}. */
        RESUME,
        /** {@link AsyncKafkaListenerRegistry#stop(String)}. */
        STOP,
        /** {@link AsyncKafkaListenerRegistry#start(String)}. */
        START
    }

    private final Supplier<? extends Collection<? extends AsyncKafkaListenerRegistry>> registries;
    private final Supplier<Map<String, AsyncKafkaProducer<?, ?>>> producers;

    /**
     * @param registries the listener registries whose containers are shown and operated
     * @param producers the producers to show, by bean name
     */
    public AsyncKafkaEndpoint(
            Supplier<? extends Collection<? extends AsyncKafkaListenerRegistry>> registries,
            Supplier<Map<String, AsyncKafkaProducer<?, ?>>> producers) {
        this.registries = Objects.requireNonNull(registries, "registries");
        this.producers = Objects.requireNonNull(producers, "producers");
    }

    /** Every listener container, by id, and every producer, by bean name. */
    @ReadOperation
    public AsyncKafkaDescriptor describe() {
        Map<String, ContainerDescriptor> containers = new LinkedHashMap<>();
        for (ListenerContainer c : AsyncKafkaListenerRegistry.containersOf(registries.get().stream())) {
            containers.put(c.id(), describe(c));
        }
        Map<String, ProducerDescriptor> described = new LinkedHashMap<>();
        producers.get().forEach((name, p) -> described.put(name, ProducerDescriptor.of(p.metrics())));
        return new AsyncKafkaDescriptor(containers, described);
    }

    /** One listener container; {@code null} (HTTP 404) for an unknown id. */
    @ReadOperation
    public @Nullable ContainerDescriptor container(@Selector String id) {
        return find(id).map(r -> describe(r.container())).orElse(null);
    }

    /**
     * Pauses, resumes, stops or starts a listener container (the action's name, any case).
     *
     * @return the container's description after the action
     * @throws InvalidEndpointRequestException (HTTP 400) for an unknown id or action
     */
    @WriteOperation
    public ContainerDescriptor operate(@Selector String id, String action) {
        Action a = parse(action);
        Found found = find(id).orElseThrow(() -> new InvalidEndpointRequestException(
                "No listener container with id '" + id + "'", "Unknown listener container"));
        switch (a) {
            case PAUSE -> found.container().pause();
            case RESUME -> found.container().resume();
            case STOP -> found.registry().stop(id);
            case START -> found.registry().start(id);
        }
        return describe(found.container());
    }

    private static Action parse(String action) {
        try {
            return Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(
                    "Unknown action '" + action + "'; one of pause, resume, stop, start", "Unknown action");
        }
    }

    private record Found(AsyncKafkaListenerRegistry registry, ListenerContainer container) {}

    private Optional<Found> find(String id) {
        for (AsyncKafkaListenerRegistry r : registries.get()) {
            Optional<ListenerContainer> c = r.container(id);
            if (c.isPresent()) {
                return Optional.of(new Found(r, c.get()));
            }
        }
        return Optional.empty();
    }

    private static ContainerDescriptor describe(ListenerContainer c) {
        // Read once: each value may change while the description is built.
        ListenerContainer.State state = c.state();
        Throwable failure = c.failure();
        AsyncKafkaConsumer<?, ?> consumer = c.consumer();
        Map<String, PartitionDescriptor> partitions = new LinkedHashMap<>();
        String groupState = null;
        String memberId = null;
        Integer generation = null;
        Long rebalances = null;
        if (consumer != null) {
            ConsumerMetrics m = consumer.metrics();
            groupState = m.groupState().name();
            if (c.groupId() != null) {
                memberId = m.memberId();
                generation = m.generation();
                rebalances = m.rebalances();
            }
            Set<TopicPartition> paused = consumer.paused();
            List<Map.Entry<TopicPartition, ConsumerMetrics.PartitionMetrics>> sorted =
                    m.partitions().entrySet().stream()
                            .sorted(Comparator.comparing((Map.Entry<TopicPartition, ?> e) ->
                                            e.getKey().topic())
                                    .thenComparingInt(e -> e.getKey().partition()))
                            .toList();
            for (Map.Entry<TopicPartition, ConsumerMetrics.PartitionMetrics> e : sorted) {
                TopicPartition tp = e.getKey();
                ConsumerMetrics.PartitionMetrics p = e.getValue();
                partitions.put(
                        tp.topic() + "-" + tp.partition(),
                        new PartitionDescriptor(
                                tp.topic(),
                                tp.partition(),
                                p.position(),
                                p.committedOffset(),
                                p.highWatermark(),
                                p.lag(),
                                p.committedLag(),
                                p.bufferedRecords(),
                                c.pendingRecords(tp),
                                paused.contains(tp)));
            }
        }
        return new ContainerDescriptor(
                c.id(),
                c.groupId(),
                state.name(),
                c.isPaused(),
                groupState,
                memberId,
                generation,
                rebalances,
                failure == null ? null : message(failure),
                partitions);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + m;
    }

    /**
     * The endpoint's whole answer.
     *
     * @param containers each listener container by id, in registration order
     * @param producers each producer bean by name
     */
    public record AsyncKafkaDescriptor(
            Map<String, ContainerDescriptor> containers, Map<String, ProducerDescriptor> producers) {}

    /**
     * One listener container.
     *
     * @param id the listener id
     * @param group the consumer group, or {@code null} for a listener that assigns partitions itself
     * @param state {@link ListenerContainer.State} name
     * @param paused whether the container is paused through {@link ListenerContainer#pause()}
     * @param groupState the consumer's {@link ConsumerMetrics.GroupState} name; {@code null} while the
     *     container has no consumer (stopped)
     * @param memberId the member id in the group; {@code null} without a group or consumer
     * @param generation the group generation joined, -1 while not a member; {@code null} without a
     *     group or consumer
     * @param rebalances rebalances this consumer completed; {@code null} without a group or consumer
     * @param failure the error that failed the container, or {@code null}
     * @param partitions each assigned partition, keyed {@code topic-partition}, sorted
     */
    public record ContainerDescriptor(
            String id,
            @Nullable String group,
            String state,
            boolean paused,
            @Nullable String groupState,
            @Nullable String memberId,
            @Nullable Integer generation,
            @Nullable Long rebalances,
            @Nullable String failure,
            Map<String, PartitionDescriptor> partitions) {}

    /**
     * One assigned partition of a container. Offsets are -1 while unknown.
     *
     * @param topic the topic
     * @param partition the partition number
     * @param position the offset of the next record the consumer hands to the container
     * @param committed the last offset known to be committed for the partition
     * @param highWatermark the high watermark from the last fetch
     * @param lag {@code highWatermark - position}, -1 while unknown
     * @param committedLag {@code highWatermark - committed}, -1 while unknown: what a restart would
     *     read again or for the first time
     * @param bufferedRecords records prefetched by the consumer and not handed to the container yet
     * @param pendingRecords records the container took and has not finished (waiting in the lane or
     *     in progress)
     * @param fetchPaused whether the consumer has stopped fetching the partition (the container
     *     paused, or its lane is full)
     */
    public record PartitionDescriptor(
            String topic,
            int partition,
            long position,
            long committed,
            long highWatermark,
            long lag,
            long committedLag,
            int bufferedRecords,
            int pendingRecords,
            boolean fetchPaused) {}

    /**
     * One producer's counters (see {@link ProducerMetrics} for each value's meaning).
     *
     * @param recordsSent records acknowledged
     * @param recordErrors records whose future failed
     * @param retries batches sent again after a retriable error
     * @param batchesSent batches sent (first attempts)
     * @param bufferTotalBytes {@code buffer.memory}
     * @param bufferAvailableBytes the part of it not held by unacknowledged records
     * @param waitingForBuffer sends waiting for buffer space
     * @param inFlightRequests Produce requests not yet answered
     */
    public record ProducerDescriptor(
            long recordsSent,
            long recordErrors,
            long retries,
            long batchesSent,
            long bufferTotalBytes,
            long bufferAvailableBytes,
            int waitingForBuffer,
            int inFlightRequests) {

        static ProducerDescriptor of(ProducerMetrics m) {
            return new ProducerDescriptor(
                    m.recordsSent(),
                    m.recordErrors(),
                    m.retries(),
                    m.batchesSent(),
                    m.bufferTotalBytes(),
                    m.bufferAvailableBytes(),
                    m.waitingForBuffer(),
                    m.inFlightRequests());
        }
    }
}
