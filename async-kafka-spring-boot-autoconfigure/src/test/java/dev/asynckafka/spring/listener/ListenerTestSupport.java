package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializer;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Test-only client factory and serdes, a context runner with the listener auto-configuration, and oracles. */
final class ListenerTestSupport {
    private ListenerTestSupport() {}

    /** Fast settings: short backoff and commit interval. */
    static final ListenerSettings FAST = new ListenerSettings(
            true,
            8,
            100,
            500,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            new ListenerSettings.Retry(
                    3, new ListenerSettings.Backoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(200))),
            new ListenerSettings.DeadLetter(true, ".DLT"),
            ListenerSettings.ExecutorType.AUTO);

    /** A runner with the listener auto-configuration and the test factory and serdes for {@code bootstrap}. */
    static ApplicationContextRunner runner(String bootstrap) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PropertyPlaceholderAutoConfiguration.class, AsyncKafkaListenerAutoConfiguration.class))
                .withUserConfiguration(TestKafkaConfig.class)
                .withPropertyValues("test.bootstrap=" + bootstrap);
    }

    @Configuration(proxyBeanMethods = false)
    static class TestKafkaConfig {
        @Bean
        TestClientFactory testClientFactory(@Value("${test.bootstrap}") String bootstrap) {
            return new TestClientFactory(bootstrap);
        }

        @Bean
        TestSerdes testSerdes() {
            return new TestSerdes();
        }
    }

    /** Builds clients against the embedded broker; understands the few Kafka names the tests use. */
    static final class TestClientFactory implements AsyncKafkaClientFactory, DisposableBean {
        private final String bootstrap;
        private final ClientResources resources = ClientResources.create(1);

        TestClientFactory(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        private ClientOptions client(@Nullable String suffix) {
            return ClientOptions.builder()
                    .bootstrapServers(bootstrap)
                    .clientId(suffix == null ? "test" : "test-" + suffix)
                    .build();
        }

        @Override
        public <K, V> AsyncKafkaProducer<K, V> createProducer(
                @Nullable String clientIdSuffix,
                Map<String, String> overrides,
                Serializer<K> keySerializer,
                Serializer<V> valueSerializer) {
            if (!overrides.isEmpty()) {
                throw new IllegalArgumentException("Unsupported producer overrides " + overrides);
            }
            return AsyncKafkaProducer.create(
                    ProducerOptions.builder(client(clientIdSuffix)).build(), keySerializer, valueSerializer, resources);
        }

        @Override
        public <K, V> AsyncKafkaConsumer<K, V> createConsumer(
                @Nullable String groupId,
                @Nullable String clientIdSuffix,
                Map<String, String> overrides,
                Deserializer<K> keyDeserializer,
                Deserializer<V> valueDeserializer) {
            ConsumerOptions.Builder b = ConsumerOptions.builder(client(clientIdSuffix))
                    .groupId(groupId)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST)
                    .sessionTimeout(Duration.ofSeconds(10))
                    .heartbeatInterval(Duration.ofMillis(500))
                    .rebalanceTimeout(Duration.ofSeconds(20));
            overrides.forEach((k, v) -> {
                switch (k) {
                    case "enable.auto.commit" -> b.enableAutoCommit(Boolean.parseBoolean(v));
                    case "max.poll.interval.ms" -> b.maxPollInterval(Duration.ofMillis(Long.parseLong(v)));
                    case "auto.offset.reset" -> b.autoOffsetReset(AutoOffsetReset.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "rebalance.timeout.ms" -> b.rebalanceTimeout(Duration.ofMillis(Long.parseLong(v)));
                    case "partition.assignment.strategy" -> b.assignorNames(v.split("\\s*,\\s*"));
                    default -> throw new IllegalArgumentException("Unsupported consumer override " + k);
                }
            });
            return AsyncKafkaConsumer.create(b.build(), keyDeserializer, valueDeserializer, resources);
        }

        @Override
        public AsyncKafkaAdmin createAdmin(@Nullable String clientIdSuffix, Map<String, String> overrides) {
            return AsyncKafkaAdmin.create(
                    AdminOptions.builder(client(clientIdSuffix)).build(), resources);
        }

        @Override
        public void destroy() {
            resources.shutdown(Duration.ofSeconds(10)).join();
        }
    }

    /** String, byte[] and Integer by type, like the real serdes' "auto". */
    static final class TestSerdes implements AsyncKafkaSerdes {
        @Override
        public Serializer<Object> keySerializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Serializer<Object> valueSerializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Deserializer<?> keyDeserializer(Type target) {
            return valueDeserializer(target);
        }

        @Override
        public Deserializer<?> valueDeserializer(Type target) {
            if (target == String.class) {
                return Deserializers.string();
            }
            if (target == byte[].class) {
                return Deserializers.byteArray();
            }
            if (target == Integer.class) {
                return Deserializers.integer();
            }
            throw new IllegalArgumentException("No test deserializer for " + target.getTypeName());
        }
    }

    // ------------------------------------------------------------------ oracles (kafka-clients)

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            // Produce only once every partition has a leader (else the first sends race the election).
            await("leaders of " + topic, () -> {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
                    return d.partitions().size() == partitions
                            && d.partitions().stream()
                                    .allMatch(pi ->
                                            pi.leader() != null && !pi.leader().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Plain retries in order: one request in flight, no idempotence (whose sequence state can
        // wedge on a partition that was just created).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte @Nullable [] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    /** Writes {@code count} string records {@code "<partition>-<i>"} with key {@code "k<partition>"} to each partition. */
    static void produce(String bootstrap, String topic, int partitions, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (int i = from; i < from + count; i++) {
                for (int part = 0; part < partitions; part++) {
                    p.send(new ProducerRecord<>(topic, part, bytes("k" + part), bytes(part + "-" + i)));
                }
            }
            p.flush();
        }
    }

    /** The group's committed offsets by partition. */
    static Map<Integer, Long> committed(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, Long> out = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        }
    }

    /** Reads every record of the topic (from the beginning) until {@code expected} arrived. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        assertThat(out).as("records in " + topic).hasSize(expected);
        return out;
    }

    /** Waits up to 60 s for the condition. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after 60 s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A set of partitions as strings, for messages. */
    static Set<String> names(Set<dev.asynckafka.common.TopicPartition> tps) {
        return tps.stream().map(Object::toString).collect(Collectors.toSet());
    }
}
