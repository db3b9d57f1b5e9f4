package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import tools.jackson.databind.json.JsonMapper;

/** The starter's beans against a real broker, with kafka-clients as the oracle. */
@EmbeddedAsyncKafka(
        topics = {"it-strings", "it-json"},
        partitions = 2)
@Timeout(180)
class AsyncKafkaAutoConfigurationIT {
    private static String servers;

    /** A value type the starter writes as JSON. */
    public record Purchase(String orderId, int quantity) {}

    @BeforeAll
    static void cluster(@BootstrapServers String bootstrapServers) {
        servers = bootstrapServers;
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, JacksonAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + servers,
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "spring.application.name=starter-it");
    }

    @SuppressWarnings("unchecked")
    private static AsyncKafkaProducer<Object, Object> producer(org.springframework.context.ApplicationContext context) {
        return (AsyncKafkaProducer<Object, Object>) context.getBeanProvider(
                        ResolvableType.forClassWithGenerics(AsyncKafkaProducer.class, Object.class, Object.class))
                .getObject();
    }

    @Test
    void theProducerBeanWritesStringsAndJsonThatKafkaClientsReadsByteForByte() {
        runner().run(context -> {
            AsyncKafkaProducer<Object, Object> producer = producer(context);
            List<RecordMetadata> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>("it-strings", "key-" + i, "value-ü-" + i))
                        .get(30, TimeUnit.SECONDS));
            }
            Purchase purchase = new Purchase("o-1", 3);
            RecordMetadata json = producer.send(new ProducerRecord<>("it-json", 0, "o-1", purchase))
                    .get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<byte[], byte[]>> strings = KafkaClientsOracle.read(servers, "it-strings", 10);
            assertThat(strings).hasSize(10);
            Map<String, String> byKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : strings) {
                byKey.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
                int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(4));
                assertThat(r.value()).isEqualTo(("value-ü-" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(r.partition()).isEqualTo(sent.get(i).partition());
                assertThat(r.offset()).isEqualTo(sent.get(i).offset());
            }
            assertThat(byKey).hasSize(10);

            List<ConsumerRecord<byte[], byte[]>> jsonRecords = KafkaClientsOracle.read(servers, "it-json", 1);
            assertThat(jsonRecords).hasSize(1);
            ConsumerRecord<byte[], byte[]> r = jsonRecords.get(0);
            assertThat(r.offset()).isEqualTo(json.offset());
            assertThat(r.key()).isEqualTo("o-1".getBytes(StandardCharsets.UTF_8));
            assertThat(r.value())
                    .isEqualTo(context.getBean(JsonMapper.class).writeValueAsBytes(purchase))
                    .isEqualTo("{\"orderId\":\"o-1\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aFactoryConsumerInAGroupReadsWithTheAutomaticDeserializersAndCommits() {
        runner().run(context -> {
            AsyncKafkaProducer<Object, Object> producer = producer(context);
            String topic = "it-consume";
            context.getBean(AsyncKafkaAdmin.class)
                    .createTopic(new NewTopic(topic, 2, (short) 1))
                    .get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, (long) i, new Purchase("o-" + i, i)))
                        .get(30, TimeUnit.SECONDS);
            }
            AsyncKafkaSerdes serdes = context.getBean(AsyncKafkaSerdes.class);
            @SuppressWarnings("unchecked")
            Deserializer<Long> keys = (Deserializer<Long>) serdes.keyDeserializer(Long.class);
            @SuppressWarnings("unchecked")
            Deserializer<Purchase> values = (Deserializer<Purchase>) serdes.valueDeserializer(Purchase.class);
            AsyncKafkaConsumer<Long, Purchase> consumer = context.getBean(AsyncKafkaClientFactory.class)
                    .createConsumer("it-group", "reader", Map.of("enable.auto.commit", "false"), keys, values);
            try {
                assertThat(consumer.options().client().clientId()).isEqualTo("starter-it-reader");
                consumer.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
                Map<Long, Purchase> received = new HashMap<>();
                Map<dev.asynckafka.common.TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.size() < 6 && System.nanoTime() < deadline) {
                    for (dev.asynckafka.consumer.ConsumerRecord<Long, Purchase> rec :
                            consumer.getMany(Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS)) {
                        received.put(rec.key(), rec.value());
                        next.put(rec.topicPartition(), new OffsetAndMetadata(rec.offset() + 1));
                    }
                }
                assertThat(received).hasSize(6);
                for (long i = 0; i < 6; i++) {
                    assertThat(received.get(i)).isEqualTo(new Purchase("o-" + i, (int) i));
                }
                consumer.commit(next).get(30, TimeUnit.SECONDS);
                Map<dev.asynckafka.common.TopicPartition, OffsetAndMetadata> committed =
                        consumer.committed(Set.copyOf(next.keySet())).get(30, TimeUnit.SECONDS);
                assertThat(committed.values().stream()
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum())
                        .isEqualTo(6);
            } finally {
                consumer.closeAsync(Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void theAdminBeanCreatesATopicTheBrokerThenDescribes() {
        runner().run(context -> {
            context.getBean(AsyncKafkaAdmin.class)
                    .createTopic(new NewTopic("it-admin", 3, (short) 1))
                    .get(30, TimeUnit.SECONDS);
            try (Admin oracle = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                TopicDescription description = oracle.describeTopics(List.of("it-admin"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get("it-admin");
                assertThat(description.partitions()).hasSize(3);
            }
        });
    }

    @Test
    void closingTheContextFlushesWhatTheProducerBeanStillBuffers() {
        List<java.util.concurrent.CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        // A long linger keeps the records in the producer's buffer until the context closes.
        runner().withPropertyValues("async-kafka.producer.linger=20s", "async-kafka.producer.delivery-timeout=60s")
                .run(context -> {
                    AsyncKafkaProducer<Object, Object> producer = producer(context);
                    for (int i = 0; i < 20; i++) {
                        sends.add(producer.send(new ProducerRecord<>("it-flush", 0, "k" + i, "v" + i)));
                    }
                    assertThat(sends).noneMatch(java.util.concurrent.CompletableFuture::isDone);
                });
        for (java.util.concurrent.CompletableFuture<RecordMetadata> send : sends) {
            assertThat(send).isCompleted();
            assertThat(send.join().offset()).isNotNegative();
        }
        List<ConsumerRecord<byte[], byte[]>> records = KafkaClientsOracle.read(servers, "it-flush", 20);
        assertThat(records).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(records.get(i).value()).isEqualTo(("v" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
