package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caught-up partition long-polls on its own lane: its waiting fetch never holds back a lagging
 * partition of the same broker that needs many fetches to catch up.
 */
@EmbeddedAsyncKafka(
        shared = true,
        topics = "lanes",
        partitions = 2,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
class LongPollLaneIT {
    private static final int RECORDS = 2000;
    private static final String VALUE = "x".repeat(400);

    @Test
    void laggingPartitionIsNotHeldBackByALongPollOnACaughtUpOne(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < RECORDS; i++) {
                p.send(new ProducerRecord<>("lanes", 1, Integer.toString(i), VALUE));
            }
            p.flush();
        }
        // Partition 0 stays empty, so its fetches wait the full 30 s for data. Partition 1 needs
        // dozens of small fetches (16 KiB each, buffer 32 KiB): were they queued behind partition
        // 0's waiting fetch, reading it would take dozens of 30 s waits, far past the 120 s limit.
        ConsumerOptions options = options(bootstrap)
                .fetchMaxWait(Duration.ofSeconds(30))
                .maxPartitionFetchBytes(16 * 1024)
                .partitionBufferBytes(32 * 1024)
                .build();
        TopicPartition empty = tp("lanes", 0);
        TopicPartition full = tp("lanes", 1);
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(options)) {
            c.assign(List.of(empty, full));
            await(c.seekToBeginning(List.of(empty, full)));
            long next = 0;
            while (next < RECORDS) {
                ConsumerRecords<String, String> batch = await(c.getMany(Set.of(full), Duration.ofSeconds(60), 100));
                for (ConsumerRecord<String, String> r : batch) {
                    assertThat(r.offset()).isEqualTo(next);
                    next++;
                }
            }
            assertThat(next).isEqualTo(RECORDS);
        }
    }
}
