package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.testsupport.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.health.AsyncKafkaHealthIndicator;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * The start-up race every new user meets: the application subscribes to a topic that does not
 * exist yet, and the topic is created and filled 15 s later. The listener must process every record
 * within seconds of the topic's creation (not after {@code metadata.max.age.ms}, 5 minutes), the
 * missing topic must be logged at WARN (once) and shown in health, and its appearance logged. The
 * same scenario runs with spring-kafka's listener container beside it, for comparison; both times
 * are printed.
 */
@Timeout(300)
@ExtendWith(OutputCaptureExtension.class)
class LateTopicIT {
    private static final String TOPIC = "late-orders";
    private static final int RECORDS = 4_000;
    private static final Duration CREATE_AFTER = Duration.ofSeconds(15);
    /** Generous on a loaded 2-core machine; the bug this guards against took 290 s. */
    private static final Duration ALLOWED = Duration.ofSeconds(60);

    private EmbeddedKafkaCluster cluster;

    @BeforeEach
    void setUp() {
        // As on most production clusters: only the topic-creating job creates the topic (otherwise
        // kafka-clients' consumer would auto-create it at once).
        cluster = EmbeddedKafkaCluster.builder()
                .brokers(1)
                .brokerProperty("auto.create.topics.enable", "false")
                .start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Counter counter() {
            return new Counter();
        }
    }

    /** Counts records and remembers when the last one was processed. */
    static final class Counter {
        final AtomicLong processed = new AtomicLong();
        final AtomicLong lastNanos = new AtomicLong();

        @AsyncKafkaListener(id = "late", topics = TOPIC, groupId = "late-app")
        void onOrder(String order) {
            lastNanos.set(System.nanoTime());
            processed.incrementAndGet();
        }
    }

    @Test
    void aTopicCreatedAfterStartIsConsumedWithinSecondsOfItsCreation(CapturedOutput output) throws Exception {
        String bootstrap = cluster.bootstrapServers();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--async-kafka.bootstrap-servers=" + bootstrap,
                        "--async-kafka.consumer.auto-offset-reset=earliest",
                        "--spring.application.name=late-topic-app")) {
            long started = System.nanoTime();
            SpringKafkaRival rival = new SpringKafkaRival(bootstrap);
            try {
                Counter counter = app.getBean(Counter.class);
                AsyncKafkaHealthIndicator health = app.getBean(AsyncKafkaHealthIndicator.class);

                until(
                        "the missing topic is logged at WARN",
                        () -> warnings(output).size() == 1);
                assertThat(warnings(output).get(0)).contains("Group late-app").contains("[" + TOPIC + "]");
                Health missing = health.health(true);
                assertThat(missing.getStatus()).as("%s", missing).isEqualTo(Status.UP);
                assertThat(containerDetail(missing)).containsEntry("missingTopics", List.of(TOPIC));

                Thread.sleep(Math.max(
                        0, CREATE_AFTER.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
                assertThat(warnings(output))
                        .as("warned once, not at every check")
                        .hasSize(1);
                assertThat(counter.processed.get()).isZero();

                long created = createAndFill(bootstrap);

                long deadline = created + ALLOWED.toNanos();
                while ((counter.processed.get() < RECORDS || rival.processed.get() < RECORDS)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double asyncKafkaSeconds = seconds(counter.lastNanos.get() - created);
                double springKafkaSeconds = seconds(rival.lastNanos.get() - created);
                System.out.printf(
                        "LateTopicIT: records of a topic created %d s after start processed, counted from its creation:"
                                + " async-kafka %d records in %.1f s, spring-kafka %d records in %.1f s%n",
                        CREATE_AFTER.toSeconds(),
                        counter.processed.get(),
                        asyncKafkaSeconds,
                        rival.processed.get(),
                        springKafkaSeconds);
                assertThat(counter.processed.get())
                        .as("records processed by async-kafka within %s of the topic's creation", ALLOWED)
                        .isEqualTo(RECORDS);

                assertThat(output.getOut())
                        .containsPattern("INFO .* MissingTopics - Group late-app: subscribed topic '" + TOPIC
                                + "' exists now \\(was missing for \\d+ ms\\)");
                Health found = health.health(true);
                assertThat(found.getStatus()).isEqualTo(Status.UP);
                assertThat(containerDetail(found))
                        .doesNotContainKey("missingTopics")
                        .containsEntry("assignedPartitions", 3);
            } finally {
                rival.stop();
            }
        }
    }

    /** The WARN lines about missing topics. */
    private static List<String> warnings(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("WARN") && l.contains("MissingTopics"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> containerDetail(Health health) {
        Map<String, Object> containers =
                (Map<String, Object>) health.getDetails().get("containers");
        assertThat(containers).as("%s", health).containsKey("late");
        return (Map<String, Object>) containers.get("late");
    }

    /** Creates the topic (3 partitions) and writes the records; returns when the creation completed. */
    private static long createAndFill(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        long created;
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            created = System.nanoTime();
        }
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "order-" + i));
            }
            producer.flush();
        }
        return created;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The same listener on spring-kafka (kafka-clients underneath), subscribed from the start too. */
    private static final class SpringKafkaRival {
        final AtomicLong processed = new AtomicLong();
        final AtomicLong lastNanos = new AtomicLong();
        private final ConcurrentMessageListenerContainer<String, String> container;

        SpringKafkaRival(String bootstrap) {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "late-spring-kafka",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class);
            ContainerProperties props = new ContainerProperties(TOPIC);
            props.setMessageListener((MessageListener<String, String>) record -> {
                lastNanos.set(System.nanoTime());
                processed.incrementAndGet();
            });
            container = new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), props);
            container.setBeanName("spring-kafka-rival");
            container.start();
        }

        void stop() {
            container.stop();
        }
    }
}
