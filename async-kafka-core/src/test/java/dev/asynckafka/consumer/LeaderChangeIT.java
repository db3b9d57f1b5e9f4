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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partition leaders move to the other broker while the consumer reads: it refreshes metadata,
 * resumes from the same positions on the new leaders, and loses or duplicates nothing.
 */
@EmbeddedAsyncKafka(brokers = 2)
@Timeout(180)
class LeaderChangeIT {
    private static final String TOPIC = "moving";
    private static final int PER_PARTITION = 300;

    @Test
    void leaderMoveResumesFromTheSamePosition(EmbeddedKafkaCluster kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 2))).all().get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < PER_PARTITION; i++) {
                for (int part = 0; part < 2; part++) {
                    p.send(new ProducerRecord<>(TOPIC, part, null, part + "-" + i));
                }
            }
            p.flush();
        }
        ConsumerOptions options = options(bootstrap)
                .maxPartitionFetchBytes(1024) // small fetches: the move lands mid-way
                .partitionBufferBytes(1024)
                .build();
        Map<TopicPartition, List<Long>> offsets = new HashMap<>();
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(options)) {
            c.assign(List.of(tp(TOPIC, 0), tp(TOPIC, 1)));
            int read = 0;
            while (read < PER_PARTITION / 2) {
                read += collect(await(c.getMany(Duration.ofSeconds(1), 10)), offsets);
            }
            // Stop one broker: the partitions it led move to the other one.
            int stopped = kafka.brokerIds().get(0);
            kafka.stopBroker(stopped);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (read < 2 * PER_PARTITION && System.nanoTime() < deadline) {
                read += collect(await(c.getMany(Duration.ofSeconds(1), 50)), offsets);
            }
            collect(await(c.getMany(Duration.ofMillis(300), 50)), offsets);
            kafka.startBroker(stopped);
        }
        for (int part = 0; part < 2; part++) {
            List<Long> list = offsets.get(tp(TOPIC, part));
            assertThat(list)
                    .as("partition %d", part)
                    .hasSize(PER_PARTITION)
                    .doesNotHaveDuplicates()
                    .isSorted();
            assertThat(list.get(PER_PARTITION - 1)).isEqualTo(PER_PARTITION - 1L);
        }
    }

    private static int collect(ConsumerRecords<String, String> batch, Map<TopicPartition, List<Long>> offsets) {
        for (ConsumerRecord<String, String> r : batch) {
            offsets.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r.offset());
        }
        return batch.count();
    }
}
