package dev.asynckafka.spring.metrics;

import static dev.asynckafka.spring.testsupport.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.Partition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code async.kafka.listener.pending} of a real listener container (through the listener
 * auto-configuration) against the real broker: it counts the records the container took from the
 * consumer and has not finished, which consumer lag cannot see.
 */
@EmbeddedAsyncKafka(
        topics = "pending-topic",
        partitions = 2,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class ListenerPendingMetricsIT {
    private static final String TOPIC = "pending-topic";
    private static final int BLOCKED = 30;
    private static final int FLOWING = 10;

    /** Blocks on the first record of partition 0 until released; partition 1 flows. */
    static final class BlockingListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicIntegerArray processed = new AtomicIntegerArray(2);

        @AsyncKafkaListener(id = "blocked", topics = TOPIC, groupId = "pending-group")
        void on(String value, @Partition int partition) throws InterruptedException {
            if (partition == 0) {
                entered.countDown();
                // Bounded so that a failing test still shuts down.
                release.await(120, TimeUnit.SECONDS);
            }
            processed.incrementAndGet(partition);
        }
    }

    private static void produce(String bootstrap, int partition, int count) throws Exception {
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .clientId("pending-filler")
                        .build())
                .build();
        try (AsyncKafkaProducer<String, String> p =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string())) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(p.send(new ProducerRecord<>(TOPIC, partition, "k" + i, "v" + i)));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    private static @Nullable Gauge gauge(MeterRegistry registry, String name, TopicPartition tp) {
        return registry.find(name)
                .tags("listener.id", "blocked", "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .gauge();
    }

    private static double value(MeterRegistry registry, String name, TopicPartition tp) {
        Gauge g = gauge(registry, name, tp);
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void pendingCountsRecordsTakenButNotFinishedAndLeavesWithTheRevokedPartition(@BootstrapServers String bootstrap)
            throws Exception {
        produce(bootstrap, 0, BLOCKED);
        produce(bootstrap, 1, FLOWING);
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        BlockingListener listener = new BlockingListener();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PropertyPlaceholderAutoConfiguration.class,
                        AsyncKafkaAutoConfiguration.class,
                        AsyncKafkaListenerAutoConfiguration.class,
                        AsyncKafkaMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(BlockingListener.class, () -> listener)
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + bootstrap,
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "async-kafka.listener.commit-interval=200ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ListenerContainer container = context.getBean(AsyncKafkaListenerRegistry.class)
                            .container("blocked")
                            .orElseThrow();
                    assertThat(listener.entered.await(60, TimeUnit.SECONDS)).isTrue();

                    // All records of partition 0 fit in its lane (max-records-per-lane 100): the
                    // container takes them all, so consumer lag drops to 0 while none is finished.
                    until(
                            "all of partition 0 taken by the container",
                            () -> value(registry, "async.kafka.listener.pending", p0) == BLOCKED);
                    until(
                            "consumer lag of partition 0 at 0",
                            () -> value(registry, "async.kafka.consumer.lag", p0) == 0);
                    assertThat(container.pendingRecords(p0)).isEqualTo(BLOCKED);
                    assertThat(listener.processed.get(0)).isZero();
                    Gauge pending = gauge(registry, "async.kafka.listener.pending", p0);
                    assertThat(pending).isNotNull();
                    assertThat(pending.getId().getTag("group")).isEqualTo("pending-group");
                    assertThat(pending.getId().getBaseUnit()).isEqualTo("records");
                    until("partition 1 processed", () -> listener.processed.get(1) == FLOWING);
                    until(
                            "nothing pending on partition 1",
                            () -> value(registry, "async.kafka.listener.pending", p1) == 0);

                    listener.release.countDown();
                    until("partition 0 processed", () -> listener.processed.get(0) == BLOCKED);
                    until(
                            "nothing pending on partition 0",
                            () -> value(registry, "async.kafka.listener.pending", p0) == 0);
                    until(
                            "partition 0 committed",
                            () -> value(registry, "async.kafka.consumer.lag.committed", p0) == 0);

                    // A second member takes one partition: the container's gauge of it leaves the registry.
                    try (AsyncKafkaConsumer<String, String> other = secondMember(bootstrap)) {
                        other.subscribe(List.of(TOPIC), new RebalanceListener() {})
                                .get(60, TimeUnit.SECONDS);
                        until(
                                "the container keeps one partition",
                                () -> container.assignment().size() == 1);
                        TopicPartition kept = container.assignment().iterator().next();
                        TopicPartition lost = kept.equals(p0) ? p1 : p0;
                        // The rebalance may revoke both partitions before it assigns the kept one again.
                        until(
                                "only the kept partition has a pending gauge",
                                () -> gauge(registry, "async.kafka.listener.pending", lost) == null
                                        && gauge(registry, "async.kafka.listener.pending", kept) != null);
                        assertThat(registry.find("async.kafka.listener.pending")
                                        .tag("listener.id", "blocked")
                                        .gauges())
                                .hasSize(1);
                        assertThat(value(registry, "async.kafka.listener.pending", kept))
                                .isZero();
                    }
                });
    }

    private static AsyncKafkaConsumer<String, String> secondMember(String bootstrap) {
        ConsumerOptions options = ConsumerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .clientId("second-member")
                        .build())
                .groupId("pending-group")
                .enableAutoCommit(false)
                .build();
        return AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string());
    }
}
