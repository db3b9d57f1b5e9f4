package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.readAtLeast;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.NoOffsetForPartitionException;
import dev.asynckafka.errors.OffsetOutOfRangeException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consumer's basic operations against a real broker, with data written by kafka-clients. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"basic", "positions", "none-reset", "latest-reset", "consumer-close"},
        partitions = 3,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
class AsyncKafkaConsumerIT {

    private static void produce(String bootstrap, String topic, int partitions, int perPartition) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, 1000L + i, "k" + i, topic + "-" + part + "-" + i));
                }
            }
            p.flush();
        }
    }

    @Test
    void readsEveryRecordOnceInOffsetOrderPerPartition(@BootstrapServers String bootstrap) throws Exception {
        produce(bootstrap, "basic", 3, 200);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            List<TopicPartition> parts = List.of(tp("basic", 0), tp("basic", 1), tp("basic", 2));
            c.assign(parts);
            assertThat(c.assignment()).containsExactlyInAnyOrderElementsOf(parts);
            List<ConsumerRecord<String, String>> all = readAtLeast(c, 600, b -> {});
            assertThat(all).hasSize(600);
            for (int part = 0; part < 3; part++) {
                int p = part;
                List<ConsumerRecord<String, String>> mine =
                        all.stream().filter(r -> r.partition() == p).toList();
                assertThat(mine)
                        .extracting(ConsumerRecord::offset)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 200)
                                .boxed()
                                .toList());
                assertThat(mine.get(7).value()).isEqualTo("basic-" + p + "-7");
                assertThat(mine.get(7).key()).isEqualTo("k7");
                assertThat(mine.get(7).timestamp()).isEqualTo(1007L);
                assertThat(mine.get(7).serializedKeySize()).isEqualTo(2);
            }
            for (TopicPartition tp : parts) {
                assertThat(await(c.position(tp))).isEqualTo(200L);
                assertThat(c.highWatermark(tp)).hasValue(200L);
                assertThat(c.lastStableOffset(tp)).hasValue(200L);
            }
            // Nothing more: an empty result at the timeout, not a duplicate.
            assertThat(await(c.getMany(Duration.ofMillis(200), 10)).isEmpty()).isTrue();
        }
    }

    @Test
    void seekPositionPauseAndOffsetLookups(@BootstrapServers String bootstrap) throws Exception {
        produce(bootstrap, "positions", 3, 50);
        TopicPartition p0 = tp("positions", 0);
        TopicPartition p1 = tp("positions", 1);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            c.assign(List.of(p0, p1));
            assertThat(await(c.beginningOffsets(List.of(p0, p1)))).isEqualTo(Map.of(p0, 0L, p1, 0L));
            assertThat(await(c.endOffsets(List.of(p0, tp("positions", 2)))))
                    .isEqualTo(Map.of(p0, 50L, tp("positions", 2), 50L));
            Map<TopicPartition, OffsetAndTimestamp> times = await(c.offsetsForTimes(Map.of(p0, 1010L, p1, 99_999L)));
            assertThat(times).containsOnlyKeys(p0);
            assertThat(times.get(p0).offset()).isEqualTo(10L);
            assertThat(times.get(p0).timestamp()).isEqualTo(1010L);

            await(c.seek(p0, 40));
            assertThat(await(c.position(p0))).isEqualTo(40L);
            c.pause(List.of(p1));
            assertThat(c.paused()).containsExactly(p1);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.size() < 10) {
                ConsumerRecords<String, String> r = await(c.getMany(Duration.ofSeconds(5), 100));
                assertThat(r.partitions()).doesNotContain(p1);
                r.forEach(got::add);
            }
            assertThat(got)
                    .extracting(ConsumerRecord::offset)
                    .containsExactly(40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L);
            assertThat(await(c.getMany(Duration.ofMillis(300), 100)).isEmpty()).isTrue();
            c.resume(List.of(p1));
            assertThat(c.paused()).isEmpty();
            Optional<ConsumerRecord<String, String>> one = await(c.getOne(Set.of(p1), Duration.ofSeconds(30)));
            assertThat(one).hasValueSatisfying(r -> assertThat(r.offset()).isZero());

            await(c.seekToEnd(List.of(p1)));
            assertThat(await(c.position(p1))).isEqualTo(50L);
            await(c.seekToBeginning(List.of(p0)));
            assertThat(await(c.position(p0))).isZero();
            assertThat(await(c.getOne(Set.of(p0), Duration.ofSeconds(30)))
                            .orElseThrow()
                            .offset())
                    .isZero();

            assertThatThrownBy(() -> c.seek(tp("positions", 2), 0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.getMany(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(c.getMany(Set.of(tp("positions", 2)), Duration.ofSeconds(1), 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("positions-2");
        }
    }

    @Test
    void autoOffsetResetNoneFailsClearlyUntilSought(@BootstrapServers String bootstrap) throws Exception {
        produce(bootstrap, "none-reset", 1, 5);
        TopicPartition p0 = tp("none-reset", 0);
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(
                options(bootstrap).autoOffsetReset(AutoOffsetReset.NONE).build())) {
            c.assign(List.of(p0));
            assertThat(failure(c.getMany(Duration.ofSeconds(5), 10)))
                    .isInstanceOf(NoOffsetForPartitionException.class)
                    .hasMessageContaining("none-reset-0");
            assertThat(failure(c.position(p0))).isInstanceOf(NoOffsetForPartitionException.class);
            await(c.seek(p0, 3));
            ConsumerRecords<String, String> r = await(c.getMany(Duration.ofSeconds(30), 10));
            assertThat(r.records(p0)).extracting(ConsumerRecord::offset).containsExactly(3L, 4L);

            // Out of range under none: a clear error, then a seek recovers.
            await(c.seek(p0, 1_000));
            assertThat(failure(c.getMany(Duration.ofSeconds(30), 10)))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("none-reset-0")
                    .hasMessageContaining("1000");
            await(c.seek(p0, 4));
            assertThat(await(c.getMany(Duration.ofSeconds(30), 10)).records(p0))
                    .extracting(ConsumerRecord::offset)
                    .containsExactly(4L);
        }
    }

    @Test
    void latestResetReadsOnlyNewRecordsAndOutOfRangeResets(@BootstrapServers String bootstrap) throws Exception {
        produce(bootstrap, "latest-reset", 1, 5);
        TopicPartition p0 = tp("latest-reset", 0);
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(
                options(bootstrap).autoOffsetReset(AutoOffsetReset.LATEST).build())) {
            c.assign(List.of(p0));
            assertThat(await(c.position(p0))).isEqualTo(5L);
            produce(bootstrap, "latest-reset", 1, 2);
            ConsumerRecords<String, String> r = await(c.getMany(Duration.ofSeconds(30), 10));
            assertThat(r.records(p0)).extracting(ConsumerRecord::offset).containsExactly(5L, 6L);
            // Out of range under latest: the position resets to the end.
            await(c.seek(p0, 1_000));
            assertThat(await(c.getMany(Duration.ofSeconds(1), 10)).isEmpty()).isTrue();
            assertThat(await(c.position(p0))).isEqualTo(7L);
        }
    }

    @Test
    void closeFailsPendingCallsWithAClearError(@BootstrapServers String bootstrap) throws Exception {
        TopicPartition p0 = tp("consumer-close", 0);
        AsyncKafkaConsumer<String, String> c = stringConsumer(options(bootstrap).build());
        c.assign(List.of(p0));
        CompletableFuture<ConsumerRecords<String, String>> pending = c.getMany(Duration.ofMinutes(5), 10);
        await(c.closeAsync(Duration.ofSeconds(5)));
        assertThat(failure(pending)).isInstanceOf(KafkaException.class).hasMessageContaining("consumer was closed");
        assertThat(failure(c.getMany(Duration.ofSeconds(1), 1))).hasMessageContaining("consumer was closed");
    }
}
