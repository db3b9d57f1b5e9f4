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
import dev.asynckafka.consumer.OffsetAndTimestamp;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** ListOffsets and seeking against each release: beginning and end offsets, offsetsForTimes, seek. */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class OffsetsCompatIT {
    private static final int RECORDS = 50;
    private static final long BASE_TIMESTAMP = System.currentTimeMillis() - 600_000;

    private final String version;

    OffsetsCompatIT(String version) {
        this.version = version;
    }

    @Test
    void offsetsForTimesEndOffsetsAndSeek() throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "offsets";
        createTopics(bootstrap, 1, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = oracleProducer(bootstrap, Map.of())) {
            // Timestamps 1 s apart: offset i has timestamp BASE + 1000 i.
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, BASE_TIMESTAMP + 1000L * i, "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (AsyncKafkaConsumer<String, String> consumer =
                stringConsumer(consumerOptions(bootstrap).build())) {
            consumer.assign(List.of(tp));
            assertThat(await(consumer.beginningOffsets(List.of(tp)))).containsEntry(tp, 0L);
            assertThat(await(consumer.endOffsets(List.of(tp)))).containsEntry(tp, (long) RECORDS);

            Map<TopicPartition, OffsetAndTimestamp> exact =
                    await(consumer.offsetsForTimes(Map.of(tp, BASE_TIMESTAMP + 20_000)));
            assertThat(exact.get(tp).offset()).isEqualTo(20);
            assertThat(exact.get(tp).timestamp()).isEqualTo(BASE_TIMESTAMP + 20_000);
            Map<TopicPartition, OffsetAndTimestamp> between =
                    await(consumer.offsetsForTimes(Map.of(tp, BASE_TIMESTAMP + 30_500)));
            assertThat(between.get(tp).offset()).isEqualTo(31);
            Map<TopicPartition, OffsetAndTimestamp> after =
                    await(consumer.offsetsForTimes(Map.of(tp, BASE_TIMESTAMP + 1000L * RECORDS)));
            assertThat(after.get(tp)).isNull();

            await(consumer.seek(tp, 40));
            assertThat(await(consumer.position(tp))).isEqualTo(40);
            List<ConsumerRecord<String, String>> tail = readAtLeast(consumer, RECORDS - 40);
            assertThat(tail).extracting(ConsumerRecord::offset).startsWith(40L).hasSize(RECORDS - 40);
            assertThat(tail.get(0).value()).isEqualTo("v40");

            await(consumer.seekToBeginning(List.of(tp)));
            assertThat(await(consumer.position(tp))).isZero();
            assertThat(readAtLeast(consumer, 1).get(0).value()).isEqualTo("v0");

            await(consumer.seekToEnd(List.of(tp)));
            assertThat(await(consumer.position(tp))).isEqualTo(RECORDS);
        }
    }
}
