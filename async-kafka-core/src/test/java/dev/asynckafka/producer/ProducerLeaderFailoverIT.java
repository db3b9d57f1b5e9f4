package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * acks=all with idempotence across a leader's broker stopping and coming back: every record arrives
 * exactly once, in order per partition.
 */
@EmbeddedAsyncKafka(brokers = 3, brokerProperties = "min.insync.replicas=2")
@Timeout(300)
@ExtendWith(NettyLeakCheck.class)
class ProducerLeaderFailoverIT {
    private static final String TOPIC = "failover";
    private static final int PARTITIONS = 3;
    private static final int PER_PHASE = 10_000;

    @Test
    void noRecordLostOrDuplicatedWhenTheLeaderRestarts(EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrap)
            throws Exception {
        kafka.createTopic(TOPIC, PARTITIONS, (short) 3);
        ProducerOptions options = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .build();
        assertThat(options.enableIdempotence()).isTrue();
        assertThat(options.acks()).isEqualTo(Acks.ALL);
        AsyncKafkaProducer<Integer, Long> producer =
                AsyncKafkaProducer.create(options, Serializers.integer(), Serializers.longValue());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        long[] next = new long[PARTITIONS];
        try {
            sendPhase(producer, futures, next);
            int leader = producer.partitionsFor(TOPIC)
                    .get(60, TimeUnit.SECONDS)
                    .get(0)
                    .leader()
                    .id();
            kafka.stopBroker(leader);
            sendPhase(producer, futures, next);
            kafka.startBroker(leader);
            sendPhase(producer, futures, next);
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(180, TimeUnit.SECONDS);
            }
            ProducerMetrics metrics = producer.metrics();
            assertThat(metrics.recordsSent()).isEqualTo(3L * PER_PHASE);
            assertThat(metrics.recordErrors()).isZero();
            // Phase 2 was sent to the stopped leader as the producer last knew it: it had to re-route.
            assertThat(metrics.retries()).isGreaterThan(0);
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
        }
        long[] expected = new long[PARTITIONS];
        long read = TopicReader.readAll(bootstrap, TOPIC, r -> {
            int p = r.partition();
            assertThat(ByteBuffer.wrap(r.key()).getInt()).isEqualTo(p);
            long value = ByteBuffer.wrap(r.value()).getLong();
            assertThat(value)
                    .as("partition %d offset %d: next in order, no gap, no duplicate", p, r.offset())
                    .isEqualTo(expected[p]);
            expected[p]++;
        });
        assertThat(read).isEqualTo(3L * PER_PHASE);
        assertThat(expected).containsExactly(next);
    }

    private static void sendPhase(
            AsyncKafkaProducer<Integer, Long> producer, List<CompletableFuture<RecordMetadata>> futures, long[] next) {
        for (int i = 0; i < PER_PHASE; i++) {
            int p = i % PARTITIONS;
            futures.add(producer.send(new ProducerRecord<>(TOPIC, p, p, next[p]++)));
        }
    }
}
