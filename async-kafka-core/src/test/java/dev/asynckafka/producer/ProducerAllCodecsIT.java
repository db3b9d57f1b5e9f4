package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.Soak;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records over 8 partitions per codec (40,000: several full batches per partition; one million
 * under {@code -Psoak}), read back with kafka-clients' consumer: all
 * present, in order per partition, keys, values, headers, timestamps and tombstones intact. Each
 * record's content is a function of its index, and index = partition + 8 × position in the
 * partition, so the check needs no per-record memory.
 */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(600)
@ExtendWith(NettyLeakCheck.class)
class ProducerAllCodecsIT {
    private static final int RECORDS = Soak.size(40_000, 1_000_000);
    private static final int PARTITIONS = 8;
    /** Recent: older timestamps would let the broker's time-based retention delete segments. */
    private static final long BASE_TIMESTAMP = System.currentTimeMillis() - RECORDS;

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void recordsArriveIntact(CompressionType codec, EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrap)
            throws Exception {
        String topic = "codec-" + codec.configName();
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        ProducerOptions options = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .compressionType(codec)
                .batchSize(64 * 1024)
                .build();
        AsyncKafkaProducer<Integer, String> producer =
                AsyncKafkaProducer.create(options, Serializers.integer(), Serializers.string());
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        try {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(
                                topic, i % PARTITIONS, key(i), value(i), headers(i), BASE_TIMESTAMP + i))
                        .whenComplete((m, e) -> {
                            if (e != null) {
                                firstError.compareAndSet(null, e);
                            } else {
                                acknowledged.incrementAndGet();
                            }
                        });
            }
            producer.flush().get(300, TimeUnit.SECONDS);
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
        }
        assertThat(firstError.get()).isNull();
        assertThat(acknowledged.get()).isEqualTo(RECORDS);

        long[] seen = new long[PARTITIONS];
        long read = TopicReader.readAll(bootstrap, topic, r -> check(r, seen));
        assertThat(read).isEqualTo(RECORDS);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(seen[p]).isEqualTo(RECORDS / PARTITIONS);
        }
    }

    private static void check(ConsumerRecord<byte[], byte[]> r, long[] seen) {
        int p = r.partition();
        long position = seen[p]++;
        int i = (int) (p + PARTITIONS * position);
        if (r.offset() != position) {
            throw new AssertionError("partition " + p + ": offset " + r.offset() + " where " + position + " expected");
        }
        Integer key = key(i);
        byte[] expectedKey =
                key == null ? null : ByteBuffer.allocate(4).putInt(key).array();
        String value = value(i);
        byte[] expectedValue = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        boolean ok = java.util.Arrays.equals(r.key(), expectedKey)
                && java.util.Arrays.equals(r.value(), expectedValue)
                && r.timestamp() == BASE_TIMESTAMP + i
                && headersMatch(r, headers(i));
        if (!ok) {
            throw new AssertionError("record " + i + " (partition " + p + ", offset " + r.offset() + ") differs: " + r);
        }
    }

    private static boolean headersMatch(ConsumerRecord<byte[], byte[]> r, List<Header> expected) {
        org.apache.kafka.common.header.Header[] actual = r.headers().toArray();
        if (actual.length != expected.size()) {
            return false;
        }
        for (int h = 0; h < actual.length; h++) {
            if (!actual[h].key().equals(expected.get(h).key())
                    || !java.util.Arrays.equals(
                            actual[h].value(), expected.get(h).value())) {
                return false;
            }
        }
        return true;
    }

    /** Every 10th record has no key. */
    private static Integer key(int i) {
        return i % 10 == 0 ? null : i;
    }

    /** Every 13th record is a tombstone. */
    private static String value(int i) {
        return i % 13 == 0 ? null : "value-" + i;
    }

    /** Every 5th record has two headers, one of them with a null value. */
    private static List<Header> headers(int i) {
        return i % 5 == 0
                ? List.of(new Header("index", ByteBuffer.allocate(4).putInt(i).array()), new Header("empty", null))
                : List.of();
    }
}
