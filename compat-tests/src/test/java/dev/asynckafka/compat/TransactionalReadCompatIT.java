package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static dev.asynckafka.compat.CompatSupport.bootstrap;
import static dev.asynckafka.compat.CompatSupport.consumerOptions;
import static dev.asynckafka.compat.CompatSupport.createTopics;
import static dev.asynckafka.compat.CompatSupport.oracleProducer;
import static dev.asynckafka.compat.CompatSupport.readAtLeast;
import static dev.asynckafka.compat.CompatSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.IsolationLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kafka-clients' transactions against each release, committed and aborted, read by our consumer:
 * read_committed returns exactly the committed records, read_uncommitted every data record, and
 * neither a control record.
 */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class TransactionalReadCompatIT {
    private static final int PER_TXN = 20;

    private final String version;

    TransactionalReadCompatIT(String version) {
        this.version = version;
    }

    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void committedAndAbortedTransactions(IsolationLevel level) throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "txn-" + level.name().toLowerCase(java.util.Locale.ROOT);
        createTopics(bootstrap, 1, topic);
        List<String> committed = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (KafkaProducer<String, String> tx = oracleProducer(
                bootstrap,
                Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "tx-" + topic,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"))) {
            tx.initTransactions();
            for (int round = 0; round < 4; round++) {
                boolean commit = round % 2 == 0;
                tx.beginTransaction();
                for (int i = 0; i < PER_TXN; i++) {
                    String v = "r" + round + "-" + i;
                    tx.send(new ProducerRecord<>(topic, 0, "k", v));
                    all.add(v);
                    if (commit) {
                        committed.add(v);
                    }
                }
                // Flushed first: abortTransaction drops records not sent yet, and they must be in the log.
                tx.flush();
                if (commit) {
                    tx.commitTransaction();
                } else {
                    tx.abortTransaction();
                }
            }
        }
        List<String> expected = level == IsolationLevel.READ_COMMITTED ? committed : all;
        TopicPartition tp = new TopicPartition(topic, 0);
        try (AsyncKafkaConsumer<String, String> consumer =
                stringConsumer(consumerOptions(bootstrap).isolationLevel(level).build())) {
            consumer.assign(List.of(tp));
            List<ConsumerRecord<String, String>> read = readAtLeast(consumer, expected.size());
            await(consumer.getMany(Duration.ofMillis(300), 100)).forEach(read::add);
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
            // Past the last commit marker: the position is the end of the log.
            long end = await(consumer.endOffsets(List.of(tp))).get(tp);
            assertThat(await(consumer.position(tp))).isEqualTo(end);
            if (level == IsolationLevel.READ_COMMITTED) {
                assertThat(consumer.lastStableOffset(tp)).hasValue(end);
            }
        }
    }
}
