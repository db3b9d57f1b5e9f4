package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.readAtLeast;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consumer subscribed to a topic that does not exist yet consumes it within seconds of its
 * creation, with the default {@code metadata.max.age.ms} of 5 minutes (the time it waited before),
 * in a group and without one.
 */
@EmbeddedAsyncKafka(brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
@Timeout(180)
class LateTopicConsumerIT {
    private static final int RECORDS = 100;
    /** Long enough for the re-check backoff to reach its cap (about 3 s of checks). */
    private static final Duration CREATE_AFTER = Duration.ofSeconds(6);
    /** Generous: a loaded 2-core machine; the bug this guards against waited 5 minutes. */
    private static final Duration ALLOWED = Duration.ofSeconds(45);

    @ParameterizedTest(name = "group {0}")
    @ValueSource(strings = {"late-group", ""})
    void aTopicCreatedAfterSubscribingIsConsumedSoonAfterItsCreation(
            String group, @BootstrapServers String bootstrap, EmbeddedKafkaCluster cluster) throws Exception {
        String topic = "late-" + (group.isEmpty() ? "groupless" : group);
        ConsumerOptions options = ConsumerTestSupport.options(bootstrap)
                .groupId(group.isEmpty() ? null : group)
                .build();
        assertThat(options.client().metadataMaxAge()).isEqualTo(Duration.ofMinutes(5));
        try (AsyncKafkaConsumer<String, String> consumer = stringConsumer(options)) {
            await(consumer.subscribe(List.of(topic)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.missingTopics().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(consumer.missingTopics()).containsExactly(topic);
            assertThat(await(consumer.getMany(Duration.ofMillis(200)))).isEmpty();

            Thread.sleep(CREATE_AFTER.toMillis());
            cluster.createTopic(topic, 2, (short) 1);
            long created = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
                }
                producer.flush();
            }

            int read = 0;
            long until = created + ALLOWED.toNanos();
            while (read < RECORDS && System.nanoTime() < until) {
                read += readAtLeast(consumer, 1, b -> {}).size();
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
            System.out.printf(
                    "LateTopicConsumerIT (%s): %d records %d ms after the topic's creation%n",
                    group.isEmpty() ? "no group" : "group", read, tookMs);
            assertThat(read)
                    .as("records read within %s of the topic's creation", ALLOWED)
                    .isEqualTo(RECORDS);
            assertThat(consumer.missingTopics()).isEmpty();
        }
    }
}
