package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-partition prefetch: a slow partition holds back nobody, buffers stay bounded, fairness. */
@dev.asynckafka.test.EmbeddedAsyncKafka(
        topics = {"slow"},
        partitions = 8)
@Timeout(180)
class PrefetchIT {
    private static final int PER_PARTITION = 1500;
    private static final String VALUE = "v".repeat(500);
    private static final int PARTITION_BUFFER = 32 * 1024;
    private static final int PARTITION_FETCH = 16 * 1024;
    private static final int SLOW_STALL_AT = 100;

    private static void fill(String bootstrap, String topic, int partitions, int perPartition, String value)
            throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, Integer.toString(i), value));
                }
            }
            p.flush();
        }
    }

    @Test
    void slowPartitionHoldsBackNobodyAndBuffersStayBounded(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "slow", 8, PER_PARTITION, VALUE);
        ConsumerOptions options = options(bootstrap)
                .partitionBufferBytes(PARTITION_BUFFER)
                .maxPartitionFetchBytes(PARTITION_FETCH)
                .totalBufferBytes(8L * PARTITION_BUFFER)
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        CountDownLatch othersDone = new CountDownLatch(7);
        AtomicInteger slowProcessed = new AtomicInteger();
        AtomicLong maxBuffered = new AtomicLong();
        int slowProcessedWhenOthersDone;
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(options)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parts.add(tp("slow", i));
            }
            c.assign(parts);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (TopicPartition tp : parts) {
                boolean slow = tp.partition() == 0;
                results.add(workers.submit(() -> {
                    List<Long> offsets = new ArrayList<>();
                    while (offsets.size() < PER_PARTITION) {
                        ConsumerRecords<String, String> batch = await(c.getMany(Set.of(tp), Duration.ofSeconds(1), 50));
                        for (ConsumerRecord<String, String> r : batch) {
                            offsets.add(r.offset());
                            if (slow) {
                                Thread.sleep(5);
                                if (slowProcessed.incrementAndGet() >= SLOW_STALL_AT) {
                                    // From here on it is slower than anything: it waits for the
                                    // others, which must finish without it.
                                    othersDone.await(120, TimeUnit.SECONDS);
                                }
                            }
                        }
                        maxBuffered.accumulateAndGet(await(c.bufferedBytes()), Math::max);
                    }
                    if (!slow) {
                        othersDone.countDown();
                    }
                    return offsets;
                }));
            }
            assertThat(othersDone.await(120, TimeUnit.SECONDS))
                    .as("the 7 fast partitions are consumed completely")
                    .isTrue();
            slowProcessedWhenOthersDone = slowProcessed.get();
            List<List<Long>> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                all.add(f.get(120, TimeUnit.SECONDS));
            }
            for (List<Long> offsets : all) {
                assertThat(offsets)
                        .hasSize(PER_PARTITION)
                        .doesNotHaveDuplicates()
                        .isSorted();
                assertThat(new HashSet<>(offsets)).hasSize(PER_PARTITION);
            }
        } finally {
            workers.shutdownNow();
        }
        // The slow partition was far behind when the others had finished.
        assertThat(slowProcessedWhenOthersDone).isLessThanOrEqualTo(SLOW_STALL_AT);
        // Buffers are bounded: each partition at most its bound plus one fetch (one batch may exceed
        // max.partition.fetch.bytes; kafka-clients' producer writes batches of at most 16 KiB).
        assertThat(maxBuffered.get()).isLessThanOrEqualTo(8L * (PARTITION_BUFFER + PARTITION_FETCH + 16 * 1024));
    }

    @Test
    void smallGetManyCallsServeEveryPartitionBeforeAnyTwice(EmbeddedKafkaCluster kafka) throws Exception {
        int partitions = 100;
        kafka.createTopic("fair", partitions, (short) 1);
        fill(kafka.bootstrapServers(), "fair", partitions, 10, "v".repeat(100));
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(kafka.bootstrapServers()).build())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                parts.add(tp("fair", i));
            }
            c.assign(parts);
            // Wait until every partition's buffer is full (all 1000 records fetched and decoded).
            TestWaits.waitFor(
                    "every partition's buffer to fill",
                    () -> c.bufferedRecords().join() >= partitions * 10);
            assertThat(await(c.bufferedRecords())).isEqualTo(partitions * 10);

            // The order partitions were served in: within a call, the order ConsumerRecords lists them.
            List<TopicPartition> served = new ArrayList<>();
            int calls = 0;
            while (served.size() < partitions) {
                ConsumerRecords<String, String> batch = await(c.getMany(Duration.ofSeconds(5), 3));
                calls++;
                assertThat(batch.count()).isEqualTo(3);
                for (TopicPartition tp : batch.partitions()) {
                    assertThat(batch.records(tp)).hasSize(1);
                    served.add(tp);
                }
            }
            assertThat(calls).isEqualTo(34);
            assertThat(served.subList(0, partitions))
                    .as("every partition is served once before any is served twice")
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(parts);
            // And the next round starts over, again one record per partition.
            Set<TopicPartition> second = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                for (TopicPartition tp :
                        await(c.getMany(Duration.ofSeconds(5), 3)).partitions()) {
                    assertThat(second.add(tp)).isTrue();
                }
            }
        }
    }
}
