package dev.asynckafka.spring.metrics;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one listener container: its consumer's group and rebalance meters, the gauges of
 * its assigned partitions (registered on assignment, removed on revocation), and its listener
 * timers and counters. Thread-safe.
 */
final class ContainerMeters {
    static final String NONE = "none";

    private final ListenerContainer container;
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> containerMeters = new ArrayList<>();
    private final Map<TopicPartition, List<Meter>> partitionMeters = new HashMap<>();
    /** Listener meters by topic, cached: {@code processed} runs once per record and must not build meters. */
    private final ConcurrentMap<String, TopicMeters> topicMeters = new ConcurrentHashMap<>();
    /** The last snapshot taken, so counters keep their value while the container has no consumer. */
    private volatile @Nullable ConsumerMetrics last;

    ContainerMeters(ListenerContainer container, MeterRegistry registry) {
        this.container = container;
        this.registry = registry;
        AsyncKafkaConsumer<?, ?> consumer = container.consumer();
        String clientId = consumer == null ? NONE : consumer.options().client().clientId();
        String group = container.groupId();
        this.tags =
                Tags.of("client.id", clientId, "group", group == null ? NONE : group, "listener.id", container.id());
        registerContainerMeters();
    }

    /** The tags every meter of this container carries: {@code client.id}, {@code group}, {@code listener.id}. */
    Tags tags() {
        return tags;
    }

    private void registerContainerMeters() {
        containerMeters.add(FunctionCounter.builder(
                        "async.kafka.consumer.rebalances", this, m -> counter(ConsumerMetrics::rebalances))
                .description("Rebalances the listener container's consumer completed")
                .tags(tags)
                .register(registry));
        containerMeters.add(FunctionCounter.builder(
                        "async.kafka.consumer.rebalances.failed", this, m -> counter(ConsumerMetrics::failedRebalances))
                .description("Rebalance attempts that ended in an error")
                .tags(tags)
                .register(registry));
        containerMeters.add(FunctionTimer.builder(
                        "async.kafka.consumer.rebalance.time",
                        this,
                        m -> (long) counter(ConsumerMetrics::rebalances),
                        m -> counter(s -> s.rebalanceTimeTotal().toNanos()),
                        TimeUnit.NANOSECONDS)
                .description("Completed rebalances and the total time spent in them")
                .tags(tags)
                .register(registry));
        containerMeters.add(TimeGauge.builder(
                        "async.kafka.consumer.rebalance.last.duration",
                        this,
                        TimeUnit.NANOSECONDS,
                        m -> gauge(s -> s.rebalances() == 0
                                ? Double.NaN
                                : s.lastRebalanceDuration().toNanos()))
                .description("Duration of the last completed rebalance")
                .tags(tags)
                .register(registry));
        containerMeters.add(Gauge.builder(
                        "async.kafka.consumer.rebalance.in.progress",
                        this,
                        m -> live(s -> s.rebalanceInProgress() ? 1 : 0, 0))
                .description("1 while a rebalance is under way, else 0")
                .tags(tags)
                .register(registry));
        containerMeters.add(TimeGauge.builder(
                        "async.kafka.consumer.last.assignment.time",
                        this,
                        TimeUnit.MILLISECONDS,
                        m -> gauge(s -> s.lastAssignmentEpochMs() < 0 ? Double.NaN : s.lastAssignmentEpochMs()))
                .description("When the consumer last got an assignment (time since the Unix epoch)")
                .tags(tags)
                .register(registry));
        containerMeters.add(
                Gauge.builder("async.kafka.consumer.generation", this, m -> gauge(ConsumerMetrics::generation))
                        .description("The group generation the consumer is a member of, -1 while not a member")
                        .tags(tags)
                        .register(registry));
        containerMeters.add(Gauge.builder(
                        "async.kafka.consumer.assigned.partitions",
                        this,
                        m -> live(s -> s.partitions().size(), 0))
                .description("Partitions assigned to the listener container's consumer")
                .tags(tags)
                .register(registry));
    }

    /** The live snapshot, remembered for {@link #counter}; null while the container has no consumer. */
    private @Nullable ConsumerMetrics snapshot() {
        AsyncKafkaConsumer<?, ?> consumer = container.consumer();
        if (consumer == null) {
            return null;
        }
        ConsumerMetrics m = consumer.metrics();
        last = m;
        return m;
    }

    /** A monotonic value: from the live consumer, else the last seen (0 before any). */
    private double counter(ToLongFunction<ConsumerMetrics> f) {
        ConsumerMetrics m = snapshot();
        if (m == null) {
            m = last;
        }
        return m == null ? 0 : f.applyAsLong(m);
    }

    /** A gauge of the live consumer; NaN while there is none. */
    private double gauge(ToDoubleFunction<ConsumerMetrics> f) {
        ConsumerMetrics m = snapshot();
        return m == null ? Double.NaN : f.applyAsDouble(m);
    }

    /** A gauge of the live consumer with a meaningful value without one (no partitions, no rebalance). */
    private double live(ToDoubleFunction<ConsumerMetrics> f, double withoutConsumer) {
        ConsumerMetrics m = snapshot();
        return m == null ? withoutConsumer : f.applyAsDouble(m);
    }

    // ------------------------------------------------------------------ partitions

    /** Registers the gauges of newly assigned partitions (again after a revocation). */
    synchronized void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (partitionMeters.containsKey(tp)) {
                continue;
            }
            Tags t = tags.and("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
            List<Meter> meters = new ArrayList<>(6);
            meters.add(partitionGauge("async.kafka.consumer.lag", tp, t, PartitionMetrics::lag, "records")
                    .description("Records between the consumer's position and the high watermark (last fetch):"
                            + " not yet taken from the broker or the prefetch buffer by the container")
                    .register(registry));
            meters.add(partitionGauge(
                            "async.kafka.consumer.lag.committed", tp, t, PartitionMetrics::committedLag, "records")
                    .description("Records between the last committed offset and the high watermark:"
                            + " everything not yet processed and committed")
                    .register(registry));
            meters.add(partitionGauge("async.kafka.consumer.position", tp, t, PartitionMetrics::position, "offset")
                    .description("Offset of the next record the container takes from the consumer")
                    .register(registry));
            // The consumer's position is already past these, so neither lag above counts them as
            // "not taken"; only lag.committed does, mixed with everything else not yet committed.
            meters.add(Gauge.builder("async.kafka.listener.pending", this, m -> m.container.pendingRecords(tp))
                    .description("Records the container took from the consumer and has not finished:"
                            + " queued in the partition's lane plus in progress")
                    .tags(t)
                    .baseUnit("records")
                    .register(registry));
            meters.add(partitionGauge(
                            "async.kafka.consumer.buffer.records", tp, t, PartitionMetrics::bufferedRecords, "records")
                    .description("Records prefetched for the partition and not yet handed to the listener")
                    .register(registry));
            meters.add(
                    partitionGauge("async.kafka.consumer.buffer.bytes", tp, t, PartitionMetrics::bufferedBytes, "bytes")
                            .description("Bytes in the partition's prefetch buffer, as fetched")
                            .register(registry));
            partitionMeters.put(tp, meters);
        }
    }

    private Gauge.Builder<ContainerMeters> partitionGauge(
            String name, TopicPartition tp, Tags t, ToLongFunction<PartitionMetrics> f, String unit) {
        return Gauge.builder(name, this, m -> m.partitionValue(tp, f)).tags(t).baseUnit(unit);
    }

    /** A partition's value; NaN when unknown (-1) or the partition is no longer assigned. */
    private double partitionValue(TopicPartition tp, ToLongFunction<PartitionMetrics> f) {
        AsyncKafkaConsumer<?, ?> consumer = container.consumer();
        if (consumer == null) {
            return Double.NaN;
        }
        return consumer.metrics(tp)
                .map(p -> {
                    long v = f.applyAsLong(p);
                    return v < 0 ? Double.NaN : (double) v;
                })
                .orElse(Double.NaN);
    }

    /** Removes the gauges of revoked partitions from the registry. */
    synchronized void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            List<Meter> meters = partitionMeters.remove(tp);
            if (meters != null) {
                meters.forEach(registry::remove);
            }
        }
    }

    /** Removes every partition gauge (the container stopped or failed). */
    synchronized void revokeAll() {
        revoked(List.copyOf(partitionMeters.keySet()));
    }

    /** The partitions that have gauges now; for tests. */
    synchronized List<TopicPartition> partitionsWithMeters() {
        return List.copyOf(partitionMeters.keySet());
    }

    ListenerContainer container() {
        return container;
    }

    // ------------------------------------------------------------------ listener

    void processed(TopicPartition tp, int records, Duration time, Outcome outcome) {
        TopicMeters m = topicMeters.computeIfAbsent(tp.topic(), this::topicMeters);
        int i = outcome.ordinal();
        m.process[i].record(time);
        m.records[i].increment(records);
        if (outcome == Outcome.RETRY) {
            m.retries.increment();
        }
    }

    void deadLettered(TopicPartition tp) {
        topicMeters.computeIfAbsent(tp.topic(), this::topicMeters).deadLettered.increment();
    }

    void deadLetterFailed(TopicPartition tp) {
        topicMeters
                .computeIfAbsent(tp.topic(), this::topicMeters)
                .deadLetterFailed
                .increment();
    }

    private TopicMeters topicMeters(String topic) {
        Tags t = tags.and("topic", topic);
        Outcome[] outcomes = Outcome.values();
        Timer[] process = new Timer[outcomes.length];
        Counter[] records = new Counter[outcomes.length];
        for (Outcome o : outcomes) {
            String result = o.name().toLowerCase(java.util.Locale.ROOT);
            process[o.ordinal()] = Timer.builder("async.kafka.listener.process")
                    .description("Listener invocations (one record or one batch) and their processing time")
                    .tags(t.and("result", result))
                    .register(registry);
            records[o.ordinal()] = Counter.builder("async.kafka.listener.records")
                    .description("Records the listener processed, by result")
                    .baseUnit("records")
                    .tags(t.and("result", result))
                    .register(registry);
        }
        Counter retries = Counter.builder("async.kafka.listener.retries")
                .description("Listener invocations that failed and will be tried again")
                .tags(t)
                .register(registry);
        // Every publish counts, a second copy of a record redelivered after a crash included (the
        // DLT is at-least-once): over time the published count matches the records in the DLT.
        Counter deadLettered = deadLetterCounter(t, "published");
        Counter deadLetterFailed = deadLetterCounter(t, "failed");
        return new TopicMeters(process, records, retries, deadLettered, deadLetterFailed);
    }

    private Counter deadLetterCounter(Tags t, String result) {
        return Counter.builder("async.kafka.listener.dead.letter")
                .description("Dead-letter publishes after a record's last attempt: published (every copy sent,"
                        + " a redelivered record's second one included) or failed (an error handler call that"
                        + " failed and will be repeated)")
                .tags(t.and("result", result))
                .register(registry);
    }

    private record TopicMeters(
            Timer[] process, Counter[] records, Counter retries, Counter deadLettered, Counter deadLetterFailed) {}

    /** Removes every meter of this container from the registry. */
    synchronized void close() {
        revokeAll();
        containerMeters.forEach(registry::remove);
        containerMeters.clear();
        for (TopicMeters m : topicMeters.values()) {
            for (Timer t : m.process) {
                registry.remove(t);
            }
            for (Counter c : m.records) {
                registry.remove(c);
            }
            registry.remove(m.retries);
            registry.remove(m.deadLettered);
            registry.remove(m.deadLetterFailed);
        }
        topicMeters.clear();
    }
}
