package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client-side epoch bump (KIP-360) against a real broker: a batch the broker rejects leaves a
 * gap in its partition's sequences; the partition moves to the next epoch of the same producer id
 * and restarts at sequence 0, which the broker accepts, while the other partition keeps its epoch
 * and sequences. Checked with kafka-clients' DescribeProducers, and by reading the topic back.
 */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
@ExtendWith(NettyLeakCheck.class)
class ProducerEpochBumpIT {
    private static final String TOPIC = "epoch-bump";

    @Test
    void aRejectedBatchBumpsTheEpochOfItsPartitionOnlyAndKeepsTheProducerId(@BootstrapServers String bootstrap)
            throws Exception {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1).configs(Map.of("max.message.bytes", "2048"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            ProducerOptions options = ProducerOptions.builder(
                            ClientOptions.builder().bootstrapServers(bootstrap).build())
                    .build();
            AsyncKafkaProducer<String, String> producer =
                    AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
            try {
                send(producer, 0, "p0-before");
                send(producer, 1, "p1-before");
                // Over the topic's max.message.bytes: the broker rejects the batch (sequence 1 of p0).
                Throwable rejected = null;
                try {
                    send(producer, 0, "x".repeat(4000));
                } catch (ExecutionException e) {
                    rejected = e.getCause();
                }
                assertThat(rejected).isInstanceOf(RecordTooLargeException.class);
                for (int i = 0; i < 3; i++) {
                    send(producer, 0, "p0-after" + i);
                    send(producer, 1, "p1-after" + i);
                }
            } finally {
                producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
            }
            Map<TopicPartition, PartitionProducerState> states =
                    admin.describeProducers(List.of(p0, p1)).all().get(60, TimeUnit.SECONDS);
            ProducerState s0 = states.get(p0).activeProducers().get(0);
            ProducerState s1 = states.get(p1).activeProducers().get(0);
            assertThat(s0.producerId())
                    .as("same producer id on both partitions")
                    .isEqualTo(s1.producerId());
            assertThat(s0.producerEpoch())
                    .as("partition 0 moved to the next epoch")
                    .isEqualTo(1);
            assertThat(s0.lastSequence()).as("and restarted at sequence 0").isEqualTo(2);
            assertThat(s1.producerEpoch()).as("partition 1 kept its epoch").isZero();
            assertThat(s1.lastSequence()).as("and its sequences").isEqualTo(3);
        }
        List<String> p0Values = new ArrayList<>();
        List<String> p1Values = new ArrayList<>();
        TopicReader.readAll(
                bootstrap,
                TOPIC,
                r -> (r.partition() == 0 ? p0Values : p1Values).add(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(p0Values).containsExactly("p0-before", "p0-after0", "p0-after1", "p0-after2");
        assertThat(p1Values).containsExactly("p1-before", "p1-after0", "p1-after1", "p1-after2");
    }

    private static void send(AsyncKafkaProducer<String, String> producer, int partition, String value)
            throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, partition, "k", value)).get(60, TimeUnit.SECONDS);
    }
}
