package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static dev.asynckafka.compat.CompatSupport.bootstrap;
import static dev.asynckafka.compat.CompatSupport.client;
import static dev.asynckafka.compat.CompatSupport.consumerOptions;
import static dev.asynckafka.compat.CompatSupport.createTopics;
import static dev.asynckafka.compat.CompatSupport.oracleConsumer;
import static dev.asynckafka.compat.CompatSupport.oracleProducer;
import static dev.asynckafka.compat.CompatSupport.readAtLeast;
import static dev.asynckafka.compat.CompatSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Serializers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every codec both ways against each release: our (idempotent, then plain acks=1) producer's
 * records read back by kafka-clients and by our consumer with keys, values, headers, timestamps and
 * tombstones intact; kafka-clients' records read by our consumer.
 */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class ProduceConsumeCompatIT {
    private static final int RECORDS = 400;
    private static final long BASE_TIMESTAMP = System.currentTimeMillis() - 60_000;

    private final String version;

    ProduceConsumeCompatIT(String version) {
        this.version = version;
    }

    @ParameterizedTest(name = "{0} idempotent={1}")
    @CsvSource({"NONE,true", "GZIP,true", "SNAPPY,true", "LZ4,true", "ZSTD,true", "NONE,false", "ZSTD,false"})
    void ourProducerEveryCodec(CompressionType codec, boolean idempotent) throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "produce-" + codec.configName() + "-" + idempotent;
        createTopics(bootstrap, 2, topic);
        ProducerOptions.Builder options = ProducerOptions.builder(client(bootstrap))
                .compressionType(codec)
                .enableIdempotence(idempotent)
                .linger(Duration.ofMillis(5));
        if (!idempotent) {
            options.acks(Acks.LEADER);
        }
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(options.build(), Serializers.string(), Serializers.string())) {
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, i % 2, key(i), value(i), headers(i), BASE_TIMESTAMP + i)));
            }
            await(producer.flush());
        }
        long[] next = new long[2];
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata m = await(sent.get(i));
            assertThat(m.partition()).isEqualTo(i % 2);
            assertThat(m.offset()).as("offset of record %d", i).isEqualTo(next[i % 2]++);
        }

        // kafka-clients reads exactly what was written.
        try (KafkaConsumer<String, String> oracle = oracleConsumer(bootstrap)) {
            List<org.apache.kafka.common.TopicPartition> parts = List.of(
                    new org.apache.kafka.common.TopicPartition(topic, 0),
                    new org.apache.kafka.common.TopicPartition(topic, 1));
            oracle.assign(parts);
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < RECORDS && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> batch = oracle.poll(Duration.ofMillis(200));
                batch.forEach(read::add);
            }
            assertThat(read).hasSize(RECORDS);
            for (var r : read) {
                int i = (int) (r.partition() + 2 * r.offset());
                assertThat(r.key()).isEqualTo(key(i));
                assertThat(r.value()).isEqualTo(value(i));
                assertThat(r.timestamp()).isEqualTo(BASE_TIMESTAMP + i);
                assertThat(r.headers().toArray()).hasSize(headers(i).size());
            }
        }

        // So does our consumer.
        checkOurConsumerReads(bootstrap, topic);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void oracleProducerEveryCodec(CompressionType codec) throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "oracle-" + codec.configName();
        createTopics(bootstrap, 2, topic);
        try (KafkaProducer<String, String> producer =
                oracleProducer(bootstrap, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec.configName()))) {
            for (int i = 0; i < RECORDS; i++) {
                var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                for (Header h : headers(i)) {
                    headers.add(h.key(), h.value());
                }
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic, i % 2, BASE_TIMESTAMP + i, key(i), value(i), headers));
            }
            producer.flush();
        }
        checkOurConsumerReads(bootstrap, topic);
    }

    private static void checkOurConsumerReads(String bootstrap, String topic) throws Exception {
        try (AsyncKafkaConsumer<String, String> consumer =
                stringConsumer(consumerOptions(bootstrap).build())) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            List<ConsumerRecord<String, String>> read = readAtLeast(consumer, RECORDS);
            await(consumer.getMany(Duration.ofMillis(200), 100)).forEach(read::add);
            assertThat(read).hasSize(RECORDS);
            for (ConsumerRecord<String, String> r : read) {
                int i = (int) (r.partition() + 2 * r.offset());
                assertThat(r.key()).isEqualTo(key(i));
                assertThat(r.value()).isEqualTo(value(i));
                assertThat(r.timestamp()).isEqualTo(BASE_TIMESTAMP + i);
                assertThat(r.headers()).isEqualTo(headers(i));
            }
        }
    }

    /** Every 10th record has no key. */
    private static String key(int i) {
        return i % 10 == 0 ? null : "k" + i;
    }

    /** Every 13th record is a tombstone. */
    private static String value(int i) {
        return i % 13 == 0 ? null : "value-" + i + "-" + "x".repeat(i % 50);
    }

    /** Every 5th record has two headers, one of them with a null value. */
    private static List<Header> headers(int i) {
        return i % 5 == 0
                ? List.of(
                        new Header("index", Integer.toString(i).getBytes(StandardCharsets.UTF_8)),
                        new Header("empty", null))
                : List.of();
    }
}
