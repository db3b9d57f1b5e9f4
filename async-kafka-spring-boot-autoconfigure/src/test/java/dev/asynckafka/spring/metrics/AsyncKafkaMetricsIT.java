package dev.asynckafka.spring.metrics;

import static dev.asynckafka.spring.testsupport.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.ClientResources;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver;
import dev.asynckafka.spring.testsupport.TestListenerContainer;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Micrometer meters against the real broker: their values are the clients' real state. */
@EmbeddedAsyncKafka(
        topics = {"lag-topic", "members-topic", "produced-topic", "early-topic"},
        partitions = 2,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class AsyncKafkaMetricsIT {
    private static final int PER_PARTITION = 50;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TestListenerContainer> containers = new CopyOnWriteArrayList<>();
    private ClientResources resources;
    private AsyncKafkaListenerMetrics metrics;

    @BeforeEach
    void setUp() {
        resources = ClientResources.create(1);
        metrics = new AsyncKafkaListenerMetrics(registry, () -> List.copyOf(containers));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (TestListenerContainer c : containers) {
            if (c.consumer() != null) {
                c.stop();
            }
        }
        metrics.destroy();
        resources.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    }

    private TestListenerContainer container(String id, String bootstrap, String group, String topic) {
        TestListenerContainer c = new TestListenerContainer(id, bootstrap, group, resources, metrics);
        containers.add(c);
        return c.start(topic);
    }

    private AsyncKafkaProducer<String, String> producer(String bootstrap, String clientId) {
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .clientId(clientId)
                        .build())
                .build();
        return AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string(), resources);
    }

    private void fill(String bootstrap, String topic) throws Exception {
        try (AsyncKafkaProducer<String, String> p = producer(bootstrap, "filler")) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    sent.add(p.send(new ProducerRecord<>(topic, part, "k" + i, "v" + i)));
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    private @Nullable Gauge partitionGauge(String name, String listenerId, TopicPartition tp) {
        return registry.find(name)
                .tags("listener.id", listenerId, "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .gauge();
    }

    private double partitionValue(String name, String listenerId, TopicPartition tp) {
        Gauge g = partitionGauge(name, listenerId, tp);
        return g == null ? Double.NaN : g.value();
    }

    private static void take(AsyncKafkaConsumer<String, String> c, TopicPartition tp, int count) throws Exception {
        int taken = 0;
        while (taken < count) {
            taken += c.getMany(Set.of(tp), Duration.ofMillis(500), count - taken)
                    .get(60, TimeUnit.SECONDS)
                    .count();
        }
    }

    @Test
    void lagGaugesEqualHighWatermarkMinusPositionAndReachZero(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "lag-topic");
        TestListenerContainer c = container("lagging", bootstrap, "lag-group", "lag-topic");
        TopicPartition p0 = new TopicPartition("lag-topic", 0);
        TopicPartition p1 = new TopicPartition("lag-topic", 1);
        until(
                "both partitions prefetched",
                () -> partitionValue("async.kafka.consumer.buffer.records", "lagging", p0) == PER_PARTITION
                        && partitionValue("async.kafka.consumer.buffer.records", "lagging", p1) == PER_PARTITION);

        Gauge lag = partitionGauge("async.kafka.consumer.lag", "lagging", p0);
        assertThat(lag).isNotNull();
        assertThat(lag.getId().getTag("client.id")).isEqualTo("client-lagging");
        assertThat(lag.getId().getTag("group")).isEqualTo("lag-group");
        assertThat(lag.value()).isEqualTo(PER_PARTITION);
        assertThat(partitionValue("async.kafka.consumer.buffer.bytes", "lagging", p0))
                .isPositive();
        assertThat(partitionValue("async.kafka.consumer.lag.committed", "lagging", p0))
                .as("nothing committed yet")
                .isNaN();

        AsyncKafkaConsumer<String, String> consumer = c.realConsumer();
        take(consumer, p0, 20);
        long hw = consumer.highWatermark(p0).orElseThrow();
        long position = consumer.position(p0).get(30, TimeUnit.SECONDS);
        assertThat(lag.value()).isEqualTo(hw - position).isEqualTo(PER_PARTITION - 20);
        assertThat(partitionValue("async.kafka.consumer.position", "lagging", p0))
                .isEqualTo(position);
        assertThat(partitionValue("async.kafka.consumer.buffer.records", "lagging", p0))
                .isEqualTo(PER_PARTITION - 20);

        consumer.commit().get(30, TimeUnit.SECONDS);
        assertThat(partitionValue("async.kafka.consumer.lag.committed", "lagging", p0))
                .isEqualTo(hw - 20);

        take(consumer, p0, PER_PARTITION - 20);
        take(consumer, p1, PER_PARTITION);
        for (TopicPartition tp : List.of(p0, p1)) {
            assertThat(partitionValue("async.kafka.consumer.lag", "lagging", tp))
                    .as("lag of %s", tp)
                    .isZero();
            assertThat(partitionValue("async.kafka.consumer.buffer.records", "lagging", tp))
                    .isZero();
            assertThat(partitionValue("async.kafka.consumer.buffer.bytes", "lagging", tp))
                    .isZero();
        }
        assertThat(registry.get("async.kafka.consumer.assigned.partitions")
                        .tag("listener.id", "lagging")
                        .gauge()
                        .value())
                .isEqualTo(2);
    }

    @Test
    void rebalanceCounterRisesAndRevokedPartitionGaugesDisappear(@BootstrapServers String bootstrap) throws Exception {
        TopicPartition p0 = new TopicPartition("members-topic", 0);
        TopicPartition p1 = new TopicPartition("members-topic", 1);
        TestListenerContainer a = container("a", bootstrap, "members-group", "members-topic");
        until(
                "a owns both partitions",
                () -> partitionGauge("async.kafka.consumer.lag", "a", p0) != null
                        && partitionGauge("async.kafka.consumer.lag", "a", p1) != null);
        FunctionCounter rebalancesOfA = registry.get("async.kafka.consumer.rebalances")
                .tag("listener.id", "a")
                .functionCounter();
        until("a's rebalance completed", () -> rebalancesOfA.count() == 1);
        assertThat(registry.get("async.kafka.consumer.generation")
                        .tag("listener.id", "a")
                        .gauge()
                        .value())
                .isEqualTo(a.realConsumer().metrics().generation())
                .isPositive();

        TestListenerContainer b = container("b", bootstrap, "members-group", "members-topic");
        until(
                "a and b own one partition each",
                () -> a.assignment().size() == 1
                        && b.assignment().size() == 1
                        && a.realConsumer().metrics().groupState().name().equals("STABLE")
                        && b.realConsumer().metrics().groupState().name().equals("STABLE"));
        assertThat(rebalancesOfA.count()).isGreaterThanOrEqualTo(2);
        TopicPartition kept = a.assignment().iterator().next();
        TopicPartition lost = kept.equals(p0) ? p1 : p0;
        until(
                "a's gauges follow its assignment",
                () -> partitionGauge("async.kafka.consumer.lag", "a", lost) == null
                        && partitionGauge("async.kafka.consumer.lag", "b", lost) != null);
        assertThat(partitionGauge("async.kafka.consumer.lag", "a", kept)).isNotNull();
        for (String name : List.of(
                "async.kafka.consumer.lag.committed",
                "async.kafka.consumer.position",
                "async.kafka.consumer.buffer.records",
                "async.kafka.consumer.buffer.bytes",
                "async.kafka.listener.pending")) {
            assertThat(partitionGauge(name, "a", lost)).as(name).isNull();
            assertThat(partitionGauge(name, "a", kept)).as(name).isNotNull();
        }
        assertThat(metrics.partitionsWithMeters("a")).containsExactly(kept);
        assertThat(registry.get("async.kafka.consumer.assigned.partitions")
                        .tag("listener.id", "a")
                        .gauge()
                        .value())
                .isEqualTo(1);

        // A stopped container's partition gauges leave the registry with it.
        b.stop();
        assertThat(b.state()).isEqualTo(ListenerContainer.State.STOPPED);
        until(
                "b's gauges removed",
                () -> registry.find("async.kafka.consumer.lag")
                        .tag("listener.id", "b")
                        .gauges()
                        .isEmpty());
        until("a owns both partitions again", () -> partitionGauge("async.kafka.consumer.lag", "a", lost) != null);
        assertThat(rebalancesOfA.count()).isGreaterThanOrEqualTo(3);
        assertThat(registry.get("async.kafka.consumer.rebalance.time")
                        .tag("listener.id", "a")
                        .functionTimer()
                        .count())
                .isEqualTo(rebalancesOfA.count());
    }

    @Test
    void containersRunningBeforeStartupGetTheirMetersAtStartup(@BootstrapServers String bootstrap) throws Exception {
        // Started before the observer exists, so it never saw the assignment.
        TestListenerContainer early =
                new TestListenerContainer("early", bootstrap, "early-group", resources, new ListenerObserver() {});
        containers.add(early);
        early.start("early-topic");
        until("early owns both partitions", () -> early.assignment().size() == 2);
        assertThat(registry.find("async.kafka.consumer.lag")
                        .tag("listener.id", "early")
                        .gauges())
                .isEmpty();

        metrics.afterSingletonsInstantiated();
        for (TopicPartition tp : early.assignment()) {
            assertThat(partitionGauge("async.kafka.consumer.lag", "early", tp))
                    .as("%s", tp)
                    .isNotNull();
        }
        assertThat(registry.get("async.kafka.consumer.rebalances")
                        .tag("listener.id", "early")
                        .functionCounter()
                        .count())
                .isEqualTo(early.realConsumer().metrics().rebalances())
                .isPositive();
    }

    @Test
    void producerCountersEqualWhatWasSent(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaProducer<String, String> producer = producer(bootstrap, "counted")) {
            new AsyncKafkaProducerMetrics(() -> Map.of("countedProducer", producer)).bindTo(registry);
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                sent.add(producer.send(new ProducerRecord<>("produced-topic", i % 2, "k", "v" + i)));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            // A send to a partition that does not exist fails.
            CompletableFuture<RecordMetadata> bad = producer.send(new ProducerRecord<>("produced-topic", 7, "k", "x"));
            assertThat(bad).failsWithin(Duration.ofSeconds(120));

            FunctionCounter recordsSent = registry.get("async.kafka.producer.records.sent")
                    .tags("client.id", "counted", "bean", "countedProducer")
                    .functionCounter();
            assertThat(recordsSent.count())
                    .isEqualTo(120)
                    .isEqualTo(producer.metrics().recordsSent());
            assertThat(registry.get("async.kafka.producer.record.errors")
                            .functionCounter()
                            .count())
                    .isEqualTo(producer.metrics().recordErrors())
                    .isEqualTo(1);
            assertThat(registry.get("async.kafka.producer.batches.sent")
                            .functionCounter()
                            .count())
                    .isEqualTo(producer.metrics().batchesSent())
                    .isPositive();
            assertThat(registry.get("async.kafka.producer.buffer.total").gauge().value())
                    .isEqualTo(producer.options().bufferMemory());
            assertThat(registry.get("async.kafka.producer.batch.size.max")
                            .gauge()
                            .value())
                    .isEqualTo(producer.metrics().batchSizeMax())
                    .isPositive();
            assertThat(registry.get("async.kafka.producer.request.latency.max")
                            .timeGauge()
                            .value(TimeUnit.MILLISECONDS))
                    .isEqualTo(producer.metrics().requestLatencyMaxMs());
            List<String> names = registry.getMeters().stream()
                    .map(Meter::getId)
                    .map(Meter.Id::getName)
                    .filter(n -> n.startsWith("async.kafka.producer."))
                    .distinct()
                    .sorted()
                    .toList();
            assertThat(names)
                    .containsExactly(
                            "async.kafka.producer.batch.size.avg",
                            "async.kafka.producer.batch.size.max",
                            "async.kafka.producer.batches.sent",
                            "async.kafka.producer.buffer.available",
                            "async.kafka.producer.buffer.total",
                            "async.kafka.producer.buffer.waiting",
                            "async.kafka.producer.record.errors",
                            "async.kafka.producer.records.sent",
                            "async.kafka.producer.request.latency.avg",
                            "async.kafka.producer.request.latency.max",
                            "async.kafka.producer.requests.in.flight",
                            "async.kafka.producer.retries");
        }
    }
}
