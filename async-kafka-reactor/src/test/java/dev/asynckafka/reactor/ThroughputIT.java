package dev.asynckafka.reactor;

import static dev.asynckafka.reactor.TestKafka.consumerOptions;
import static dev.asynckafka.reactor.TestKafka.receiverOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;

/**
 * The reactive layer's cost, same run, same broker: sending through {@link KafkaSender} against
 * {@link AsyncKafkaProducer#send} directly, and receiving through {@link KafkaReceiver#receive()}
 * against a plain {@code getMany} loop. A measurement, not a check: runs only with {@code
 * -Dreactor.throughput.records=N}. Prints records/s; asserts only that every record arrives once.
 */
@EmbeddedAsyncKafka(
        topics = {"tp-direct", "tp-reactive"},
        partitions = 4)
@EnabledIfSystemProperty(named = "reactor.throughput.records", matches = "[0-9]+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ThroughputIT {
    private static final int RECORDS = Integer.getInteger("reactor.throughput.records", 0);
    private static final String VALUE = "v".repeat(100);

    private static ProducerOptions producerOptions(String bootstrap) {
        return ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .linger(Duration.ofMillis(5))
                .build();
    }

    @Test
    @Order(1)
    void sendDirectThenReactive(@BootstrapServers String bootstrap) throws Exception {
        long directNanos;
        try (AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(producerOptions(bootstrap), Serializers.string(), Serializers.string())) {
            long start = System.nanoTime();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>("tp-direct", Integer.toString(i), VALUE)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            directNanos = System.nanoTime() - start;
        }
        long reactiveNanos;
        try (KafkaSender<String, String> sender = KafkaSender.create(
                SenderOptions.builder(producerOptions(bootstrap), Serializers.string(), Serializers.string())
                        .build())) {
            long start = System.nanoTime();
            Long count = sender.send(Flux.range(0, RECORDS)
                            .map(i -> SenderRecord.create(
                                    new ProducerRecord<>("tp-reactive", Integer.toString(i), VALUE), i)))
                    .count()
                    .block(Duration.ofSeconds(120));
            reactiveNanos = System.nanoTime() - start;
            assertThat(count).isEqualTo(RECORDS);
        }
        report("send", directNanos, reactiveNanos);
    }

    @Test
    @Order(2)
    void receiveDirectThenReactive(@BootstrapServers String bootstrap) throws Exception {
        List<TopicPartition> direct = partitions("tp-direct");
        long directNanos;
        try (AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                consumerOptions(bootstrap, null).build(), Deserializers.string(), Deserializers.string())) {
            consumer.assign(direct);
            long start = System.nanoTime();
            int n = 0;
            while (n < RECORDS) {
                ConsumerRecords<String, String> batch =
                        consumer.getMany(Duration.ofSeconds(5), 500).get(30, TimeUnit.SECONDS);
                assertThat(batch.isEmpty()).as("records keep coming").isFalse();
                n += batch.count();
            }
            directNanos = System.nanoTime() - start;
            assertThat(n).isEqualTo(RECORDS);
        }
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(
                receiverOptions(consumerOptions(bootstrap, null).build())
                        .assignment(partitions("tp-reactive"))
                        .build());
        long start = System.nanoTime();
        Long count = receiver.receive()
                .doOnNext(ReceiverRecord::acknowledge)
                .take(RECORDS)
                .count()
                .block(Duration.ofSeconds(120));
        long reactiveNanos = System.nanoTime() - start;
        assertThat(count).isEqualTo(RECORDS);
        report("receive", directNanos, reactiveNanos);
    }

    private static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private static void report(String what, long directNanos, long reactiveNanos) {
        System.out.printf(
                "THROUGHPUT %s %d records: core %.0f records/s, reactor %.0f records/s%n",
                what, RECORDS, RECORDS * 1e9 / directNanos, RECORDS * 1e9 / reactiveNanos);
    }
}
