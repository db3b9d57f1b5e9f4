package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker restart in the middle of consumption loses and duplicates nothing. */
@EmbeddedAsyncKafka(
        topics = {"restart"},
        partitions = 3)
@Timeout(180)
class BrokerRestartConsumerIT {
    private static final int BEFORE = 600;
    private static final int AFTER = 300;

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>("restart", i % 3, Integer.toString(i), "value-" + i));
            }
            p.flush();
        }
    }

    @Test
    void restartMidConsumptionLosesAndDuplicatesNothing(EmbeddedKafkaCluster kafka) throws Exception {
        produce(kafka.bootstrapServers(), 0, BEFORE);
        ConsumerOptions options = options(kafka.bootstrapServers())
                .maxPartitionFetchBytes(2048) // many small fetches, so the restart lands mid-way
                .partitionBufferBytes(2048)
                .build();
        Map<TopicPartition, List<Long>> offsets = new HashMap<>();
        List<String> values = new ArrayList<>();
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(options)) {
            List<TopicPartition> parts = List.of(tp("restart", 0), tp("restart", 1), tp("restart", 2));
            c.assign(parts);
            // Consume part of it, then restart the broker.
            while (values.size() < BEFORE / 3) {
                collect(await(c.getMany(Duration.ofSeconds(1), 20)), offsets, values);
            }
            int brokerId = kafka.brokerIds().get(0);
            kafka.stopBroker(brokerId);
            // Calls made while the broker is down complete (empty or with what was buffered).
            collect(await(c.getMany(Duration.ofMillis(500), 20)), offsets, values);
            kafka.startBroker(brokerId);
            produce(kafka.bootstrapServers(), BEFORE, AFTER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (values.size() < BEFORE + AFTER && System.nanoTime() < deadline) {
                collect(await(c.getMany(Duration.ofSeconds(1), 100)), offsets, values);
            }
            collect(await(c.getMany(Duration.ofMillis(500), 100)), offsets, values);
        }
        assertThat(values).hasSize(BEFORE + AFTER).doesNotHaveDuplicates();
        for (int i = 0; i < BEFORE + AFTER; i++) {
            assertThat(values).contains("value-" + i);
        }
        for (List<Long> list : offsets.values()) {
            assertThat(list).isSorted().doesNotHaveDuplicates();
            assertThat(list.get(0)).isZero();
            assertThat(list.get(list.size() - 1)).isEqualTo(list.size() - 1L);
        }
    }

    private static void collect(
            ConsumerRecords<String, String> batch, Map<TopicPartition, List<Long>> offsets, List<String> values) {
        for (ConsumerRecord<String, String> r : batch) {
            offsets.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r.offset());
            values.add(r.value());
        }
    }
}
