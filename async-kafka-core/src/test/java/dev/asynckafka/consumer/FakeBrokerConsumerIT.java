package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.RecordDeserializationException;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.protocol.message.ListOffsetsResponse;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fake broker serving what a real one would not. Bad data: a batch with a broken CRC fails the partition with a {@link
 * CorruptRecordException} naming partition and offset, after the good records before it; other
 * partitions keep going, and a seek past the batch recovers. A record the deserializer rejects
 * fails likewise with a {@link RecordDeserializationException}. Fetch session errors make the
 * consumer start over with a full fetch, and nothing is lost or duplicated.
 */
@Timeout(60)
class FakeBrokerConsumerIT {
    private static final String TOPIC = "corrupt";
    private static final Uuid TOPIC_ID = new Uuid(42L, 4242L);

    /** Offsets 0-2 good; offsets 3-5 in a batch whose last byte is flipped. */
    private static byte[] corruptPartitionData() {
        ByteBuffer good =
                MemoryRecords.withRecords(0L, Compression.NONE, records("a", 3)).buffer();
        ByteBuffer bad =
                MemoryRecords.withRecords(3L, Compression.NONE, records("b", 3)).buffer();
        byte[] out = new byte[good.remaining() + bad.remaining()];
        good.get(out, 0, good.remaining());
        bad.get(out, out.length - bad.remaining(), bad.remaining());
        out[out.length - 1] ^= 0x5a;
        return out;
    }

    private static byte[] goodPartitionData() {
        ByteBuffer good =
                MemoryRecords.withRecords(0L, Compression.NONE, records("c", 3)).buffer();
        byte[] out = new byte[good.remaining()];
        good.get(out);
        return out;
    }

    private static SimpleRecord[] records(String prefix, int n) {
        SimpleRecord[] r = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            r[i] = new SimpleRecord(1000L + i, null, (prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    /** Once set, the fake has nothing for partition 0 any more (as past its log end). */
    private final java.util.concurrent.atomic.AtomicBoolean partition0Consumed =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Top-level errors the fake answers its first fetches with, in order. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Short> fetchErrors =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

    private FakeKafkaBroker fakeBroker(byte[] partition0, byte[] partition1) throws Exception {
        int[] port = new int[1];
        FakeKafkaBroker broker = FakeKafkaBroker.start((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else if (r.apiKey() == ApiKey.METADATA.id()) {
                FakeBrokerProtocol.writeResponse(r, metadata(port[0]), out);
            } else if (r.apiKey() == ApiKey.LIST_OFFSETS.id()) {
                FakeBrokerProtocol.writeResponse(r, listOffsets(), out);
            } else if (r.apiKey() == ApiKey.FETCH.id()) {
                try {
                    Thread.sleep(50); // a broker that is not spinning: as if fetch.max.wait passed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fetches.incrementAndGet();
                Short error = fetchErrors.poll();
                if (error != null) {
                    FakeBrokerProtocol.writeResponse(r, new FetchResponse().setErrorCode(error), out);
                } else {
                    FakeBrokerProtocol.writeResponse(
                            r,
                            fetch(partition0Consumed.get() ? new byte[0] : partition0, partition1)
                                    .setSessionId(5),
                            out);
                }
            }
        });
        port[0] = broker.port();
        return broker;
    }

    private static MetadataResponse metadata(int port) {
        return new MetadataResponse()
                .setClusterId("fake")
                .setControllerId(0)
                .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker()
                        .setNodeId(0)
                        .setHost("127.0.0.1")
                        .setPort(port)))
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic()
                        .setName(TOPIC)
                        .setTopicId(TOPIC_ID)
                        .setPartitions(List.of(partition(0), partition(1)))));
    }

    private static MetadataResponse.MetadataResponsePartition partition(int index) {
        return new MetadataResponse.MetadataResponsePartition()
                .setPartitionIndex(index)
                .setLeaderId(0)
                .setLeaderEpoch(0)
                .setReplicaNodes(List.of(0))
                .setIsrNodes(List.of(0));
    }

    private static ListOffsetsResponse listOffsets() {
        return new ListOffsetsResponse()
                .setTopics(List.of(new ListOffsetsResponse.ListOffsetsTopicResponse()
                        .setName(TOPIC)
                        .setPartitions(List.of(
                                new ListOffsetsResponse.ListOffsetsPartitionResponse()
                                        .setPartitionIndex(0)
                                        .setOffset(0),
                                new ListOffsetsResponse.ListOffsetsPartitionResponse()
                                        .setPartitionIndex(1)
                                        .setOffset(0)))));
    }

    private static FetchResponse fetch(byte[] partition0, byte[] partition1) {
        return new FetchResponse()
                .setResponses(List.of(new FetchResponse.FetchableTopicResponse()
                        .setTopic(TOPIC)
                        .setTopicId(TOPIC_ID)
                        .setPartitions(List.of(
                                new FetchResponse.PartitionData()
                                        .setPartitionIndex(0)
                                        .setHighWatermark(6)
                                        .setLastStableOffset(6)
                                        .setRecords(Unpooled.wrappedBuffer(partition0)),
                                new FetchResponse.PartitionData()
                                        .setPartitionIndex(1)
                                        .setHighWatermark(3)
                                        .setLastStableOffset(3)
                                        .setRecords(Unpooled.wrappedBuffer(partition1))))));
    }

    private static <V> AsyncKafkaConsumer<String, V> consumer(FakeKafkaBroker broker, Deserializer<V> values) {
        return AsyncKafkaConsumer.create(
                ConsumerOptions.builder(ClientOptions.builder()
                                .bootstrapServers("127.0.0.1:" + broker.port())
                                .build())
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .build(),
                Deserializers.string(),
                values);
    }

    @Test
    void corruptBatchFailsItsPartitionNamingTheOffsetWhileOthersContinue() throws Exception {
        TopicPartition p0 = tp(TOPIC, 0);
        TopicPartition p1 = tp(TOPIC, 1);
        try (FakeKafkaBroker broker = fakeBroker(corruptPartitionData(), goodPartitionData());
                AsyncKafkaConsumer<String, String> c = consumer(broker, Deserializers.string())) {
            c.assign(List.of(p0, p1));
            assertThat(await(c.getMany(Set.of(p1), Duration.ofSeconds(30), 10)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("c0", "c1", "c2");
            assertThat(await(c.getMany(Set.of(p0), Duration.ofSeconds(30), 10)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("a0", "a1", "a2");
            Throwable error = failure(c.getMany(Set.of(p0), Duration.ofSeconds(30), 10));
            assertThat(error)
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("corrupt-0")
                    .hasMessageContaining("3");
            // Sticky until the application seeks: asked again, the same error; over all partitions too.
            assertThat(failure(c.getMany(Duration.ofSeconds(30), 10))).isInstanceOf(CorruptRecordException.class);
            assertThat(await(c.position(p0))).isEqualTo(3L);
            // The healthy partition is still served (nothing new: an empty result, not an error).
            assertThat(await(c.getMany(Set.of(p1), Duration.ofMillis(300), 10)).isEmpty())
                    .isTrue();
            // Seeking past the bad batch recovers the partition.
            partition0Consumed.set(true);
            await(c.seek(p0, 6));
            assertThat(await(c.getMany(Set.of(p0), Duration.ofMillis(500), 10)).isEmpty())
                    .isTrue();
            assertThat(await(c.position(p0))).isEqualTo(6L);
        }
    }

    @Test
    void undeserializableRecordFailsNamingTopicPartitionAndOffsetAndCanBeSkipped() throws Exception {
        TopicPartition p1 = tp(TOPIC, 1);
        Deserializer<String> picky = (topic, data) -> {
            String s = Deserializers.string().deserialize(topic, data);
            if ("c1".equals(s)) {
                throw new IllegalArgumentException("c1 is not acceptable");
            }
            return s;
        };
        try (FakeKafkaBroker broker = fakeBroker(goodPartitionData(), goodPartitionData());
                AsyncKafkaConsumer<String, String> c = consumer(broker, picky)) {
            c.assign(List.of(p1));
            assertThat(await(c.getMany(Set.of(p1), Duration.ofSeconds(30), 10)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("c0");
            Throwable error = failure(c.getMany(Set.of(p1), Duration.ofSeconds(30), 10));
            assertThat(error)
                    .isInstanceOf(RecordDeserializationException.class)
                    .hasMessageContaining("corrupt-1")
                    .hasMessageContaining("offset 1")
                    .hasRootCauseMessage("c1 is not acceptable");
            RecordDeserializationException rde = (RecordDeserializationException) error;
            assertThat(rde.partition()).isEqualTo(p1);
            assertThat(rde.offset()).isEqualTo(1L);
            await(c.seek(p1, rde.offset() + 1));
            assertThat(await(c.getMany(Set.of(p1), Duration.ofSeconds(30), 10)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("c2");
        }
    }

    @Test
    void fetchSessionErrorsStartOverWithAFullFetchWithoutLossOrDuplicates() throws Exception {
        TopicPartition p0 = tp(TOPIC, 0);
        TopicPartition p1 = tp(TOPIC, 1);
        fetchErrors.add(dev.asynckafka.errors.ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code());
        fetchErrors.add(dev.asynckafka.errors.ErrorCode.INVALID_FETCH_SESSION_EPOCH.code());
        try (FakeKafkaBroker broker = fakeBroker(goodPartitionData(), goodPartitionData());
                AsyncKafkaConsumer<String, String> c = consumer(broker, Deserializers.string())) {
            c.assign(List.of(p0, p1));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 6 && System.nanoTime() < deadline) {
                await(c.getMany(Duration.ofSeconds(1), 10)).forEach(r -> values.add(r.partition() + ":" + r.value()));
            }
            // More fetches follow (the fake keeps answering with the same batches): nothing twice.
            while (fetches.get() < 6) {
                await(c.getMany(Duration.ofMillis(100), 10)).forEach(r -> values.add(r.partition() + ":" + r.value()));
            }
            assertThat(values).containsExactlyInAnyOrder("0:c0", "0:c1", "0:c2", "1:c0", "1:c1", "1:c2");
            assertThat(fetchErrors).isEmpty();
            assertThat(await(c.position(p0))).isEqualTo(3L);
            assertThat(await(c.position(p1))).isEqualTo(3L);
        }
    }
}
