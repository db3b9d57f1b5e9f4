package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The producer against a real broker, read back with kafka-clients' consumer as the oracle. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"keyed", "too-large", "keyless", "explicit", "acks", "close", "custom"},
        partitions = 8,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
@ExtendWith(NettyLeakCheck.class)
class AsyncKafkaProducerIT {
    private final List<AsyncKafkaProducer<?, ?>> producers = new ArrayList<>();

    @AfterEach
    void closeProducers() throws Exception {
        for (AsyncKafkaProducer<?, ?> p : producers) {
            p.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        }
    }

    private AsyncKafkaProducer<String, String> producer(
            String bootstrap, java.util.function.UnaryOperator<ProducerOptions.Builder> tweak) {
        ProducerOptions options = tweak.apply(ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build()))
                .build();
        AsyncKafkaProducer<String, String> p =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
        producers.add(p);
        return p;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void keyedRecordsLandWhereKafkaClientsWouldPutThem(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaProducer<String, String> producer = producer(bootstrap, b -> b);
        Random random = new Random(11);
        Map<String, Integer> expected = new HashMap<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String key = Long.toHexString(random.nextLong()) + "-" + i;
            expected.put(key, BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 8));
            futures.add(producer.send(new ProducerRecord<>("keyed", key, "v" + i)));
        }
        await(producer.flush());
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThat(f).isCompleted();
            RecordMetadata m = f.join();
            assertThat(m.offset()).isGreaterThanOrEqualTo(0);
        }
        Set<String> seen = new HashSet<>();
        long read = TopicReader.readAll(bootstrap, "keyed", r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(r.partition()).as("partition of key %s", key).isEqualTo(expected.get(key));
            seen.add(key);
        });
        assertThat(read).isEqualTo(10_000);
        assertThat(seen).isEqualTo(expected.keySet());
    }

    @Test
    void aRecordTooLargeFailsAloneAndItsBatchMatesSucceed(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaProducer<String, String> producer =
                producer(bootstrap, b -> b.maxRequestSize(10_000).linger(Duration.ofMillis(200)));
        List<CompletableFuture<RecordMetadata>> small = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> bigs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            if (i == 5) {
                bigs.add(producer.send(new ProducerRecord<>("too-large", 3, "big", "x".repeat(20_000))));
            } else {
                small.add(producer.send(new ProducerRecord<>("too-large", 3, "k" + i, "small " + i)));
            }
        }
        CompletableFuture<RecordMetadata> big = bigs.get(0);
        assertThatThrownBy(() -> big.get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("max.request.size");
        long previous = -1;
        for (CompletableFuture<RecordMetadata> f : small) {
            RecordMetadata m = await(f);
            assertThat(m.partition()).isEqualTo(3);
            assertThat(m.offset()).isGreaterThan(previous);
            previous = m.offset();
        }
        List<String> values = new ArrayList<>();
        TopicReader.readAll(bootstrap, "too-large", r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(values).hasSize(10).allMatch(v -> v.startsWith("small "));
    }

    @Test
    void keylessRecordsStickThenSpreadOverPartitions(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaProducer<String, String> producer = producer(bootstrap, b -> b.batchSize(4096));
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        String value = "v".repeat(500);
        for (int i = 0; i < 2_000; i++) {
            futures.add(producer.send(new ProducerRecord<>("keyless", value)));
        }
        Set<Integer> partitions = new HashSet<>();
        int switches = 0;
        int last = -1;
        for (CompletableFuture<RecordMetadata> f : futures) {
            int p = await(f).partition();
            partitions.add(p);
            if (p != last) {
                switches++;
                last = p;
            }
        }
        // Sticky: far fewer partition switches than records; uniform: more than one partition used.
        assertThat(partitions.size()).isGreaterThan(1);
        assertThat(switches).isLessThan(futures.size() / 4);
        assertThat(TopicReader.readAll(bootstrap, "keyless", r -> {})).isEqualTo(2_000);
    }

    @Test
    void explicitPartitionHeadersTimestampsAndTombstonesArriveIntact(@BootstrapServers String bootstrap)
            throws Exception {
        AsyncKafkaProducer<String, String> producer = producer(bootstrap, b -> b);
        List<Header> headers =
                List.of(new Header("h1", "one".getBytes(StandardCharsets.UTF_8)), new Header("h2", null));
        RecordMetadata withAll =
                await(producer.send(new ProducerRecord<>("explicit", 5, "key", "value", headers, 1_234_567L)));
        RecordMetadata tombstone = await(producer.send(new ProducerRecord<>("explicit", 5, "key", null)));
        assertThat(withAll.partition()).isEqualTo(5);
        assertThat(withAll.timestamp()).isEqualTo(1_234_567L);
        assertThat(withAll.serializedKeySize()).isEqualTo(3);
        assertThat(withAll.serializedValueSize()).isEqualTo(5);
        assertThat(tombstone.serializedValueSize()).isEqualTo(-1);
        assertThat(tombstone.offset()).isEqualTo(withAll.offset() + 1);
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        TopicReader.readAll(bootstrap, "explicit", read::add);
        assertThat(read).hasSize(2);
        var first = read.get(0);
        assertThat(first.partition()).isEqualTo(5);
        assertThat(first.timestamp()).isEqualTo(1_234_567L);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("key");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(first.headers().toArray()).hasSize(2);
        assertThat(first.headers().lastHeader("h1").value()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(first.headers().lastHeader("h2").value()).isNull();
        assertThat(read.get(1).value()).isNull();
        assertThat(read.get(1).offset()).isEqualTo(tombstone.offset());
    }

    @Test
    void acksZeroAndOneDeliverWithoutIdempotence(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaProducer<String, String> none = producer(bootstrap, b -> b.acks(Acks.NONE));
        AsyncKafkaProducer<String, String> leader = producer(bootstrap, b -> b.acks(Acks.LEADER));
        assertThat(none.options().enableIdempotence()).isFalse();
        List<CompletableFuture<RecordMetadata>> zero = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            zero.add(none.send(new ProducerRecord<>("acks", 0, "k", "zero-" + i)));
        }
        for (CompletableFuture<RecordMetadata> f : zero) {
            assertThat(await(f).offset()).isEqualTo(-1);
        }
        RecordMetadata one = await(leader.send(new ProducerRecord<>("acks", 1, "k", "one")));
        assertThat(one.offset()).isEqualTo(0);
        Map<Integer, Integer> perPartition = new HashMap<>();
        long total = 0;
        while (total < 101) {
            perPartition.clear();
            total = TopicReader.readAll(bootstrap, "acks", r -> perPartition.merge(r.partition(), 1, Integer::sum));
        }
        assertThat(perPartition).containsEntry(0, 100).containsEntry(1, 1);
    }

    @Test
    void partitionsForFlushMetricsAndClose(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaProducer<String, String> producer =
                producer(bootstrap, b -> b.linger(Duration.ofSeconds(20)).deliveryTimeout(Duration.ofSeconds(60)));
        List<PartitionInfo> partitions = await(producer.partitionsFor("close"));
        assertThat(partitions)
                .hasSize(8)
                .allMatch(p -> p.leader() != null && p.topic().equals("close"));
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.send(new ProducerRecord<>("close", i % 8, "k", "v" + i)));
        }
        // linger.ms is 20 s: only flush makes them go now.
        await(producer.flush());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        ProducerMetrics metrics = producer.metrics();
        assertThat(metrics.recordsSent()).isEqualTo(50);
        assertThat(metrics.recordErrors()).isZero();
        assertThat(metrics.batchesSent()).isGreaterThanOrEqualTo(8);
        assertThat(metrics.bufferAvailableBytes()).isEqualTo(metrics.bufferTotalBytes());
        assertThat(metrics.requests()).isGreaterThan(0);

        CompletableFuture<RecordMetadata> beforeClose = producer.send(new ProducerRecord<>("close", 0, "k", "last"));
        await(producer.closeAsync(Duration.ofSeconds(10)));
        assertThat(await(beforeClose).offset()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() ->
                        producer.send(new ProducerRecord<>("close", "after")).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aCustomPartitionerDecidesUnlessThePartitionIsExplicit(@BootstrapServers String bootstrap) throws Exception {
        List<Integer> seenPartitionCounts = new java.util.concurrent.CopyOnWriteArrayList<>();
        Partitioner lastPartition = (topic, key, keyBytes, value, valueBytes, numPartitions) -> {
            seenPartitionCounts.add(numPartitions);
            return "keyless".equals(key) ? Partitioner.UNASSIGNED : numPartitions - 1;
        };
        AsyncKafkaProducer<String, String> producer = producer(bootstrap, b -> b.partitioner(lastPartition));
        RecordMetadata chosen = await(producer.send(new ProducerRecord<>("custom", "any-key", "v")));
        RecordMetadata explicit = await(producer.send(new ProducerRecord<>("custom", 2, "any-key", "v")));
        RecordMetadata builtIn = await(producer.send(new ProducerRecord<>("custom", "keyless", "v")));
        assertThat(chosen.partition()).isEqualTo(7);
        assertThat(explicit.partition()).isEqualTo(2);
        assertThat(builtIn.partition()).isBetween(0, 7);
        assertThat(seenPartitionCounts).containsExactly(8, 8);

        Partitioner broken = (topic, key, keyBytes, value, valueBytes, numPartitions) -> 99;
        AsyncKafkaProducer<String, String> bad = producer(bootstrap, b -> b.partitioner(broken));
        assertThatThrownBy(
                        () -> bad.send(new ProducerRecord<>("custom", "k", "v")).get(60, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("returned partition 99");
    }

    @Test
    void closeStopsTheProducersOwnEventLoopThread(@BootstrapServers String bootstrap) throws Exception {
        Set<Thread> before = ioThreads();
        AsyncKafkaProducer<String, String> producer = AsyncKafkaProducer.create(
                ProducerOptions.of(
                        ClientOptions.builder().bootstrapServers(bootstrap).build()),
                Serializers.string(),
                Serializers.string());
        await(producer.send(new ProducerRecord<>("close", 0, "k", "v")));
        Set<Thread> mine = ioThreads();
        mine.removeAll(before);
        assertThat(mine).hasSize(1);
        await(producer.closeAsync(Duration.ofSeconds(10)));
        Thread loop = mine.iterator().next();
        loop.join(30_000); // hang guard only
        assertThat(loop.isAlive()).isFalse();
    }

    private static Set<Thread> ioThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("async-kafka-io") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }
}
