package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.LogCapture;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.record.CompressionType;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A topic whose {@code max.message.bytes} (10,240) is below the producer's {@code batch.size}
 * (16,384): batches the broker refuses as too large are split and sent again, so every small record
 * is written, once and in order; only the record that alone exceeds the limit fails.
 */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(300)
@ExtendWith(NettyLeakCheck.class)
class ProducerSplitTooLargeIT {
    private static final int SMALL = 800;
    private static final int BIG_AT = 400;
    private static final int PARTITIONS = 3;

    @Test
    void idempotentProducerSplitsRefusedBatchesAndKeepsOrder(@BootstrapServers String bootstrap) throws Exception {
        run(bootstrap, "split-idempotent", true, 5, CompressionType.NONE);
    }

    @Test
    void compressedBatchesAreSplitToo(@BootstrapServers String bootstrap) throws Exception {
        // Random values do not compress: gzip batches come out near batch.size, above the limit.
        run(bootstrap, "split-gzip", true, 5, CompressionType.GZIP);
    }

    @Test
    void plainProducerSplitsRefusedBatchesAndKeepsOrder(@BootstrapServers String bootstrap) throws Exception {
        // Without idempotence, order within a partition holds only with one request in flight.
        run(bootstrap, "split-plain", false, 1, CompressionType.NONE);
    }

    /**
     * A batch sent while the one before it is refused as too large comes back out of order (the
     * broker misses the refused sequences) and is resent after the halves, which took over the
     * refused batch's sequences: no epoch bump is needed, nothing is written twice or out of order.
     */
    @Test
    void laterBatchInFlightIsResentAfterTheHalves(@BootstrapServers String bootstrap) throws Exception {
        String topic = "split-later";
        createTopic(bootstrap, topic, 1);
        ProducerOptions options = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .batchSize(16_384)
                .linger(Duration.ofSeconds(30))
                .deliveryTimeout(Duration.ofMinutes(2))
                .build();
        AsyncKafkaProducer<String, byte[]> producer =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.byteArray());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<Integer> completionOrder = new CopyOnWriteArrayList<>();
        int count = 60;
        try (LogCapture bumps = LogCapture.open("dev.asynckafka.producer.internal.ProducerIdManager", Level.WARN)) {
            try {
                // A first acknowledged batch, so that later ones may be in flight together.
                send(producer, topic, 0, futures, completionOrder);
                producer.flush().get(60, TimeUnit.SECONDS);
                // About 52 records fill a batch past the topic's limit; the rest make a small batch,
                // sent by the flush while the large one is likely still on its way.
                for (int i = 1; i < count; i++) {
                    send(producer, topic, i, futures, completionOrder);
                }
                producer.flush().get(150, TimeUnit.SECONDS);
                System.out.printf("%s: %d retries%n", topic, producer.metrics().retries());
            } finally {
                producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < count; i++) {
                assertThat(futures.get(i).get(0, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
            assertThat(completionOrder).isSorted().hasSize(count);
            assertThat(bumps.all()).isEmpty();
        }
        List<Integer> read = new ArrayList<>();
        TopicReader.readAll(
                bootstrap, topic, r -> read.add(ByteBuffer.wrap(r.value()).getInt()));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        assertThat(read).isEqualTo(expected);
    }

    private static void send(
            AsyncKafkaProducer<String, byte[]> producer,
            String topic,
            int index,
            List<CompletableFuture<RecordMetadata>> futures,
            List<Integer> completionOrder) {
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, 0, null, value(index)));
        f.whenComplete((m, e) -> completionOrder.add(index));
        futures.add(f);
    }

    private static byte[] value(int index) {
        byte[] value = new byte[300];
        ThreadLocalRandom.current().nextBytes(value);
        ByteBuffer.wrap(value).putInt(index);
        return value;
    }

    private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(topic, partitions, (short) 1).configs(Map.of("max.message.bytes", "10240"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static void run(
            String bootstrap, String topic, boolean idempotence, int maxInFlight, CompressionType compression)
            throws Exception {
        createTopic(bootstrap, topic, PARTITIONS);
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .maxInFlightRequestsPerConnection(maxInFlight)
                        .build())
                .enableIdempotence(idempotence)
                .compressionType(compression)
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
                    byte[] bigValue = new byte[50_000];
                    ThreadLocalRandom.current().nextBytes(bigValue);
                    bigFuture = producer.send(new ProducerRecord<>(topic, "big", bigValue));
                }
                int index = i;
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, value(i)));
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
