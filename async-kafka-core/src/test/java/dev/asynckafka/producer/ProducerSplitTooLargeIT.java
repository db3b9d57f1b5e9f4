package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A topic whose {@code max.message.bytes} (10,240) is below the producer's {@code batch.size}
 * (16,384): batches the broker refuses as too large are split and sent again, so every small record
 * is written, once and in order; only the record that alone exceeds the limit fails.
 */
@EmbeddedAsyncKafka(brokers = 1)
@Timeout(300)
@ExtendWith(NettyLeakCheck.class)
class ProducerSplitTooLargeIT {
    private static final int SMALL = 800;
    private static final int BIG_AT = 400;
    private static final int PARTITIONS = 3;

    @Test
    void idempotentProducerSplitsRefusedBatchesAndKeepsOrder(@BootstrapServers String bootstrap) throws Exception {
        run(bootstrap, "split-idempotent", true, 5);
    }

    @Test
    void plainProducerSplitsRefusedBatchesAndKeepsOrder(@BootstrapServers String bootstrap) throws Exception {
        // Without idempotence, order within a partition holds only with one request in flight.
        run(bootstrap, "split-plain", false, 1);
    }

    private static void run(String bootstrap, String topic, boolean idempotence, int maxInFlight) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(topic, PARTITIONS, (short) 1).configs(Map.of("max.message.bytes", "10240"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .maxInFlightRequestsPerConnection(maxInFlight)
                        .build())
                .enableIdempotence(idempotence)
                .batchSize(16_384)
                .linger(Duration.ofMillis(50))
                .deliveryTimeout(Duration.ofMinutes(2))
                .build();
        AsyncKafkaProducer<String, byte[]> producer =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.byteArray());
        List<CompletableFuture<RecordMetadata>> small = new ArrayList<>();
        CompletableFuture<RecordMetadata> big;
        // Per partition, the send indexes in the order their futures completed.
        Map<Integer, List<Integer>> completionOrder = new HashMap<>();
        try {
            CompletableFuture<RecordMetadata> bigFuture = null;
            for (int i = 0; i < SMALL; i++) {
                if (i == BIG_AT) {
                    bigFuture = producer.send(new ProducerRecord<>(topic, "big", new byte[50_000]));
                }
                int index = i;
                byte[] value = ByteBuffer.allocate(300).putInt(i).array();
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, value));
                f.whenComplete((m, e) -> {
                    if (m != null) {
                        synchronized (completionOrder) {
                            completionOrder
                                    .computeIfAbsent(m.partition(), p -> new ArrayList<>())
                                    .add(index);
                        }
                    }
                });
                small.add(f);
            }
            assertThat(bigFuture).isNotNull();
            big = bigFuture;
            producer.flush().get(150, TimeUnit.SECONDS);
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
        }

        int acknowledged = 0;
        List<String> failures = new ArrayList<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (int i = 0; i < SMALL; i++) {
            try {
                RecordMetadata m = small.get(i).get(0, TimeUnit.SECONDS);
                acknowledged++;
                Long before = lastOffset.put(m.partition(), m.offset());
                assertThat(before == null || before < m.offset())
                        .as("offsets grow with send order in partition %s", m.partition())
                        .isTrue();
            } catch (ExecutionException e) {
                failures.add(i + ": " + Retry.unwrap(e.getCause()));
            }
        }
        System.out.printf(
                "%s: %d of %d small records acknowledged, %d failed%n", topic, acknowledged, SMALL, failures.size());
        assertThat(failures).as("failed small records").isEmpty();
        assertThat(acknowledged).isEqualTo(SMALL);

        Throwable bigError = null;
        try {
            big.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            bigError = Retry.unwrap(e.getCause());
        }
        assertThat(bigError).isInstanceOf(RecordTooLargeException.class);

        synchronized (completionOrder) {
            int completed = 0;
            for (Map.Entry<Integer, List<Integer>> e : completionOrder.entrySet()) {
                assertThat(e.getValue())
                        .as("futures of partition %s complete in send order", e.getKey())
                        .isSorted();
                completed += e.getValue().size();
            }
            assertThat(completed).isEqualTo(SMALL);
        }

        // Read back with kafka-clients: each record once, in send order per partition.
        Map<Integer, Integer> lastRead = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        long read = TopicReader.readAll(bootstrap, topic, r -> {
            int index = ByteBuffer.wrap(r.value()).getInt();
            if (!seen.add(index)) {
                problems.add("duplicate " + index + " at " + r.partition() + "/" + r.offset());
            }
            Integer previous = lastRead.put(r.partition(), index);
            if (previous != null && previous > index) {
                problems.add(index + " after " + previous + " in partition " + r.partition());
            }
        });
        assertThat(problems).isEmpty();
        assertThat(read).isEqualTo(SMALL);
        assertThat(seen).hasSize(SMALL);
    }
}
