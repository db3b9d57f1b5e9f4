package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.readAtLeast;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.record.Header;
import dev.asynckafka.test.BootstrapServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every codec, transactional commits and aborts, headers and tombstones, written by kafka-clients'
 * (transactional) producer: read_committed returns exactly the committed records, in order, once;
 * read_uncommitted returns every data record and never a control record.
 */
@dev.asynckafka.test.EmbeddedAsyncKafka(
        topics = {"tx-none", "tx-gzip", "tx-snappy", "tx-lz4", "tx-zstd", "tx-open"},
        partitions = 2)
@Timeout(180)
class TransactionalReadIT {
    private static final int PER_TXN = 30;

    /** What was written, in order, per partition: value and whether its transaction committed. */
    private record Written(String value, boolean committed, boolean tombstone) {}

    private static Map<Integer, List<Written>> write(String bootstrap, String topic, String codec) throws Exception {
        Map<Integer, List<Written>> written = Map.of(0, new ArrayList<>(), 1, new ArrayList<>());
        try (KafkaProducer<String, String> plain =
                        producer(bootstrap, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec));
                KafkaProducer<String, String> tx = producer(
                        bootstrap,
                        Map.of(
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                codec,
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                "tx-" + topic))) {
            tx.initTransactions();
            int n = 0;
            for (int round = 0; round < 4; round++) {
                boolean commit = round % 2 == 0;
                tx.beginTransaction();
                for (int i = 0; i < PER_TXN; i++) {
                    int partition = i % 2;
                    boolean tombstone = i % 10 == 3;
                    String value = tombstone ? null : topic + "-r" + round + "-" + i;
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("round", Integer.toString(round).getBytes(StandardCharsets.UTF_8));
                    headers.add("nullable", null);
                    tx.send(new ProducerRecord<>(topic, partition, null, "k" + n++, value, headers));
                    written.get(partition).add(new Written(value, commit, tombstone));
                    if (i == PER_TXN / 2) {
                        // Non-transactional records interleaved with the open transaction (flush
                        // first, so that the log order is the order written here).
                        tx.flush();
                        String v = topic + "-plain-" + round;
                        plain.send(new ProducerRecord<>(topic, partition, "p" + round, v))
                                .get();
                        written.get(partition).add(new Written(v, true, false));
                    }
                }
                tx.flush();
                if (commit) {
                    tx.commitTransaction();
                } else {
                    tx.abortTransaction();
                }
            }
            // A trailing committed record so read_committed has an LSO past the last marker.
            tx.beginTransaction();
            for (int partition = 0; partition < 2; partition++) {
                String v = topic + "-last-" + partition;
                tx.send(new ProducerRecord<>(topic, partition, "last", v));
                written.get(partition).add(new Written(v, true, false));
            }
            tx.commitTransaction();
        }
        return written;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void readCommittedAndUncommittedForEveryCodec(String codec, @BootstrapServers String bootstrap) throws Exception {
        String topic = "tx-" + codec;
        Map<Integer, List<Written>> written = write(bootstrap, topic, codec);
        List<TopicPartition> parts = List.of(tp(topic, 0), tp(topic, 1));

        for (IsolationLevel level : IsolationLevel.values()) {
            try (AsyncKafkaConsumer<String, String> c =
                    stringConsumer(options(bootstrap).isolationLevel(level).build())) {
                c.assign(parts);
                int expected = 0;
                for (List<Written> w : written.values()) {
                    expected += (int) w.stream()
                            .filter(x -> level == IsolationLevel.READ_UNCOMMITTED || x.committed())
                            .count();
                }
                List<ConsumerRecord<String, String>> all = readAtLeast(c, expected, b -> {});
                // Nothing beyond: no control record, no duplicate.
                c.getMany(Duration.ofMillis(300), 100).get().forEach(all::add);
                for (int partition = 0; partition < 2; partition++) {
                    int p = partition;
                    List<ConsumerRecord<String, String>> mine =
                            all.stream().filter(r -> r.partition() == p).toList();
                    List<Written> want = written.get(p).stream()
                            .filter(x -> level == IsolationLevel.READ_UNCOMMITTED || x.committed())
                            .toList();
                    assertThat(mine)
                            .as("%s %s partition %d", codec, level, p)
                            .extracting(ConsumerRecord::value)
                            .containsExactlyElementsOf(
                                    want.stream().map(Written::value).toList());
                    assertThat(mine)
                            .extracting(ConsumerRecord::offset)
                            .isSorted()
                            .doesNotHaveDuplicates();
                    for (ConsumerRecord<String, String> r : mine) {
                        if (r.value() == null) {
                            assertThat(r.serializedValueSize()).isEqualTo(-1);
                        }
                        if (r.key() != null && r.key().startsWith("k")) {
                            assertThat(r.headers()).extracting(Header::key).containsExactly("round", "nullable");
                            assertThat(r.lastHeader("nullable").value()).isNull();
                        }
                    }
                }
                // Positions moved past the final commit marker of each partition.
                for (TopicPartition tp : parts) {
                    long end = c.endOffsets(List.of(tp)).get().get(tp);
                    assertThat(c.position(tp).get())
                            .as("%s %s position of %s", codec, level, tp)
                            .isEqualTo(end);
                    assertThat(c.lastStableOffset(tp)).hasValue(end);
                }
            }
        }
    }

    @Test
    void openTransactionIsHiddenUnderReadCommittedOnly(@BootstrapServers String bootstrap) throws Exception {
        String topic = "tx-open";
        TopicPartition p0 = tp(topic, 0);
        try (KafkaProducer<String, String> tx =
                producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "open-txn"))) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, 0, "open", "open-1")).get();
            tx.flush();
            try (AsyncKafkaConsumer<String, String> committed = stringConsumer(options(bootstrap)
                            .isolationLevel(IsolationLevel.READ_COMMITTED)
                            .build());
                    AsyncKafkaConsumer<String, String> uncommitted =
                            stringConsumer(options(bootstrap).build())) {
                committed.assign(List.of(p0));
                uncommitted.assign(List.of(p0));
                committed.seekToEnd(List.of(p0)).get();
                long lso = committed.position(p0).get();
                uncommitted.seek(p0, lso).get();
                assertThat(uncommitted.getMany(Duration.ofSeconds(30), 10).get())
                        .extracting(ConsumerRecord::value)
                        .contains("open-1");
                assertThat(committed.getMany(Duration.ofMillis(500), 10).get().isEmpty())
                        .isTrue();
                tx.commitTransaction();
                assertThat(committed.getMany(Duration.ofSeconds(30), 10).get())
                        .extracting(ConsumerRecord::value)
                        .containsExactly("open-1");
            }
        }
    }
}
