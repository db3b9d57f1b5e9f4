package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.AsyncKafkaTransactionTemplate;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.Offset;
import dev.asynckafka.spring.listener.Partition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * {@code async-kafka.producer.transaction-id-prefix}: the producer bean becomes transactional and
 * {@link AsyncKafkaTransactionTemplate} commits or aborts around application code;
 * kafka-clients' read_committed consumer is the oracle. A listener container's {@code
 * groupMetadata()} feeds {@code sendOffsetsToTransaction} from inside the listener.
 */
@EmbeddedAsyncKafka
@Timeout(180)
class ProducerTransactionsIT {
    private static String servers;

    @BeforeAll
    static void cluster(@BootstrapServers String bootstrapServers) {
        servers = bootstrapServers;
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PropertyPlaceholderAutoConfiguration.class,
                        AsyncKafkaAutoConfiguration.class,
                        AsyncKafkaListenerAutoConfiguration.class,
                        JacksonAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + servers,
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "async-kafka.producer.max-block=30s",
                        "spring.application.name=txn-it");
    }

    @SuppressWarnings("unchecked")
    private static AsyncKafkaTransactionTemplate<Object, Object> template(ApplicationContext context) {
        return (AsyncKafkaTransactionTemplate<Object, Object>) context.getBean(AsyncKafkaTransactionTemplate.class);
    }

    @SuppressWarnings("unchecked")
    private static AsyncKafkaProducer<Object, Object> producer(ApplicationContext context) {
        return (AsyncKafkaProducer<Object, Object>) context.getBeanProvider(
                        ResolvableType.forClassWithGenerics(AsyncKafkaProducer.class, Object.class, Object.class))
                .getObject();
    }

    private static void createTopic(ApplicationContext context, String topic, int partitions) throws Exception {
        context.getBean(AsyncKafkaAdmin.class)
                .createTopic(new NewTopic(topic, partitions, (short) 1))
                .get(30, TimeUnit.SECONDS);
    }

    /** Every committed value of the topic, by partition, up to the last stable offsets. */
    private static Map<Integer, List<String>> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Integer, List<String>> out = new java.util.TreeMap<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> parts.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " did not reach " + end);
                }
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> out.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                                .add(r.value()));
            }
        }
        return out;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    @Test
    void withoutAPrefixTheProducerBeanIsNotTransactionalAndThereIsNoTemplate() {
        runner().run(context -> {
            assertThat(producer(context).options().isTransactional()).isFalse();
            assertThat(context).doesNotHaveBean(AsyncKafkaTransactionTemplate.class);
            assertThatThrownBy(() -> new AsyncKafkaTransactionTemplate<>(producer(context)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("transactional.id");
        });
    }

    @Test
    void transactionalIdInAPropertiesMapIsRefusedNamingThePrefixProperty() {
        runner().withPropertyValues("async-kafka.producer.properties[transactional.id]=x")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                        .hasMessageContaining("async-kafka.producer.properties[transactional.id]")
                        .hasMessageContaining("async-kafka.producer.transaction-id-prefix"));
    }

    @Test
    void aBlankPrefixIsRefused() {
        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix= ")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                        .hasMessageContaining("async-kafka.producer.transaction-id-prefix"));
    }

    @Test
    void theTemplateCommitsWhatTheWorkSentAndAbortsWhenItFails() {
        runner().withPropertyValues(
                        "async-kafka.producer.transaction-id-prefix=txn-it-",
                        "async-kafka.producer.transaction-timeout=20s")
                .run(context -> {
                    String topic = "txn-template";
                    createTopic(context, topic, 1);
                    AsyncKafkaProducer<Object, Object> producer = producer(context);
                    assertThat(producer.options().transactionalId()).isEqualTo("txn-it-0");
                    assertThat(producer.options().transactionTimeout()).isEqualTo(Duration.ofSeconds(20));
                    AsyncKafkaTransactionTemplate<Object, Object> template = template(context);
                    assertThat(template.producer()).isSameAs(producer);

                    // Issued back to back without waiting: they run one after the other, in order.
                    List<CompletableFuture<Integer>> results = new ArrayList<>();
                    List<String> expected = new ArrayList<>();
                    for (int t = 0; t < 6; t++) {
                        int n = t;
                        if (t % 3 == 1) {
                            // Fails after its records were sent: they must stay invisible.
                            results.add(template.executeInTransaction(
                                    p -> p.send(new ProducerRecord<>(topic, 0, "k", "failed-" + n))
                                            .thenCompose(md -> CompletableFuture.failedFuture(
                                                    new IllegalStateException("work " + n + " failed")))));
                        } else if (t % 3 == 2) {
                            results.add(template.executeInTransaction(p -> {
                                p.send(new ProducerRecord<>(topic, 0, "k", "thrown-" + n));
                                throw new IllegalArgumentException("work " + n + " threw");
                            }));
                        } else {
                            for (int i = 0; i < 3; i++) {
                                expected.add("ok-" + n + "-" + i);
                            }
                            results.add(template.executeInTransaction(p -> {
                                for (int i = 0; i < 3; i++) {
                                    p.send(new ProducerRecord<>(topic, 0, "k", "ok-" + n + "-" + i));
                                }
                                return CompletableFuture.completedFuture(n);
                            }));
                        }
                    }
                    for (int t = 0; t < 6; t++) {
                        if (t % 3 == 0) {
                            assertThat(results.get(t).get(60, TimeUnit.SECONDS)).isEqualTo(t);
                        } else if (t % 3 == 1) {
                            assertThat(failure(results.get(t)))
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessage("work " + t + " failed");
                        } else {
                            assertThat(failure(results.get(t)))
                                    .isInstanceOf(IllegalArgumentException.class)
                                    .hasMessage("work " + t + " threw");
                        }
                    }
                    assertThat(readCommitted(topic)).isEqualTo(Map.of(0, expected));
                });
    }

    /** Consume-transform-produce written in the application, with the container's group metadata. */
    static final class Enricher {
        final AtomicReference<@Nullable ApplicationContext> context = new AtomicReference<>();

        @AsyncKafkaListener(id = "enricher", topics = "txn-in", groupId = "txn-enricher")
        CompletionStage<Void> on(String value, @Partition int partition, @Offset long offset) {
            ApplicationContext ctx = java.util.Objects.requireNonNull(context.get(), "context");
            ListenerContainer container = ctx.getBean(AsyncKafkaListenerRegistry.class)
                    .container("enricher")
                    .orElseThrow();
            return template(ctx).executeInTransaction(p -> {
                p.send(new ProducerRecord<>("txn-out", partition, "k", value.toUpperCase(java.util.Locale.ROOT)));
                return container
                        .groupMetadata()
                        .thenCompose(group -> p.sendOffsetsToTransaction(
                                Map.of(new TopicPartition("txn-in", partition), new OffsetAndMetadata(offset + 1)),
                                group));
            });
        }
    }

    @Test
    void aListenerSendsOutputAndOffsetsInOneTransactionWithTheContainersGroupMetadata() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(
                            new org.apache.kafka.clients.admin.NewTopic("txn-in", 2, (short) 1),
                            new org.apache.kafka.clients.admin.NewTopic("txn-out", 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix=txn-enricher-")
                .withBean(Enricher.class, Enricher::new)
                .run(context -> {
                    Enricher enricher = context.getBean(Enricher.class);
                    enricher.context.set(context);
                    ListenerContainer container = context.getBean(AsyncKafkaListenerRegistry.class)
                            .container("enricher")
                            .orElseThrow();
                    AsyncKafkaSerdes serdes = context.getBean(AsyncKafkaSerdes.class);
                    AsyncKafkaProducer<Object, Object> plain = context.getBean(AsyncKafkaClientFactory.class)
                            .createProducer("plain", Map.of(), serdes.keySerializer(), serdes.valueSerializer());
                    try {
                        for (int i = 0; i < 10; i++) {
                            plain.send(new ProducerRecord<>("txn-in", i % 2, "k", "in-" + i))
                                    .get(30, TimeUnit.SECONDS);
                        }
                    } finally {
                        plain.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    Map<Integer, List<String>> out = Map.of();
                    while (System.nanoTime() < deadline) {
                        out = readCommitted("txn-out");
                        if (out.values().stream().mapToInt(List::size).sum() >= 10) {
                            break;
                        }
                        Thread.sleep(200);
                    }
                    assertThat(out.get(0)).containsExactly("IN-0", "IN-2", "IN-4", "IN-6", "IN-8");
                    assertThat(out.get(1)).containsExactly("IN-1", "IN-3", "IN-5", "IN-7", "IN-9");

                    GroupMetadata group = container.groupMetadata().get(30, TimeUnit.SECONDS);
                    assertThat(group.groupId()).isEqualTo("txn-enricher");
                    assertThat(group.generationId()).isPositive();
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                        Map<Integer, Long> committed = new HashMap<>();
                        admin.listConsumerGroupOffsets(
                                        Map.of("txn-enricher", new ListConsumerGroupOffsetsSpec()),
                                        new ListConsumerGroupOffsetsOptions().requireStable(true))
                                .partitionsToOffsetAndMetadata("txn-enricher")
                                .get(30, TimeUnit.SECONDS)
                                .forEach((tp, om) -> committed.put(tp.partition(), om.offset()));
                        assertThat(committed).isEqualTo(Map.of(0, 5L, 1, 5L));
                    }

                    context.getBean(AsyncKafkaListenerRegistry.class).stop("enricher");
                    long stopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (container.state() != ListenerContainer.State.STOPPED && System.nanoTime() < stopDeadline) {
                        Thread.sleep(50);
                    }
                    assertThat(container.state()).isEqualTo(ListenerContainer.State.STOPPED);
                    assertThatThrownBy(() -> container.groupMetadata().get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(IllegalStateException.class);
                });
    }
}
