package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.LogTruncationException;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.asynckafka.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Fetch path of truncation detection (KIP-320), against a fake leader whose log diverges while
 * its leader epoch in the metadata stays the same (so no OffsetForLeaderEpoch validation runs):
 * the consumer sends the epoch of the last batch it fetched as {@code LastFetchedEpoch}, the fake
 * answers with a {@code DivergingEpoch} as a real leader does, and the consumer moves to the
 * divergence point, fails with reset none, or only drops prefetched records when the application
 * has not seen the diverged ones.
 *
 * <p>The fake's log: offsets 0-5 in epoch 3 ("old"); once diverged, offsets 0-3 stay and 4-7 are
 * "new" records of epoch 5, so epoch 3 ends at offset 4.
 */
@Timeout(60)
class FetchDivergenceIT {
    private static final String TOPIC = "diverging";
    private static final Uuid TOPIC_ID = new Uuid(7L, 77L);
    private static final TopicPartition TP = tp(TOPIC, 0);
    private static final int OLD_EPOCH = 3;
    private static final int NEW_EPOCH = 5;
    private static final long DIVERGES_AT = 4;

    private final AtomicBoolean diverged = new AtomicBoolean();
    /** Once set (and not diverged), offsets 6-7 hold "more" records of the new epoch. */
    private final AtomicBoolean appended = new AtomicBoolean();
    /** The leader epoch the fake's metadata names. */
    private final AtomicInteger metadataEpoch = new AtomicInteger(NEW_EPOCH);
    /** Partition errors the fake answers fetches with, in order, before serving data again. */
    private final Queue<ErrorCode> fetchErrors = new ConcurrentLinkedQueue<>();
    /** Partition errors the fake answers OffsetForLeaderEpoch with, in order, before answering. */
    private final Queue<ErrorCode> validationErrors = new ConcurrentLinkedQueue<>();
    /** Every OffsetForLeaderEpoch partition the fake got, as "leaderEpoch/currentLeaderEpoch". */
    private final Queue<String> validations = new ConcurrentLinkedQueue<>();

    private final AtomicInteger listOffsets = new AtomicInteger();
    /** LastFetchedEpoch of every fetch at each offset, as the fake received it. */
    private final Map<Long, List<Integer>> lastFetchedEpochs = new ConcurrentHashMap<>();

    /** The fake leader's log as (epoch, value) from offset 0. */
    private List<Object[]> log() {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            if (i < DIVERGES_AT) {
                out.add(new Object[] {OLD_EPOCH, "old" + i});
            } else if (!diverged.get() && i < 6) {
                out.add(new Object[] {OLD_EPOCH, "old" + i});
            } else if (!diverged.get() && appended.get()) {
                out.add(new Object[] {NEW_EPOCH, "more" + i});
            } else if (diverged.get()) {
                out.add(new Object[] {NEW_EPOCH, "new" + i});
            }
        }
        return out;
    }

    private FakeKafkaBroker fakeBroker() throws Exception {
        int[] port = new int[1];
        FakeKafkaBroker broker = FakeKafkaBroker.start((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else if (r.apiKey() == ApiKey.METADATA.id()) {
                FakeBrokerProtocol.writeResponse(r, metadata(port[0], metadataEpoch.get()), out);
            } else if (r.apiKey() == ApiKey.LIST_OFFSETS.id()) {
                listOffsets.incrementAndGet(); // never answered: a reset would hang and fail the test
            } else if (r.apiKey() == ApiKey.OFFSET_FOR_LEADER_EPOCH.id()) {
                OffsetForLeaderEpochRequest request = (OffsetForLeaderEpochRequest) FakeBrokerProtocol.body(r);
                OffsetForLeaderEpochRequest.OffsetForLeaderPartition p =
                        request.topics().get(0).partitions().get(0);
                validations.add(p.leaderEpoch() + "/" + p.currentLeaderEpoch());
                ErrorCode error = validationErrors.poll();
                OffsetForLeaderEpochResponse.EpochEndOffset result =
                        new OffsetForLeaderEpochResponse.EpochEndOffset().setPartition(0);
                if (error != null) {
                    result.setErrorCode(error.code());
                } else {
                    // The old epoch ends where the new one begins (offset 6).
                    result.setLeaderEpoch(OLD_EPOCH).setEndOffset(6);
                }
                FakeBrokerProtocol.writeResponse(
                        r,
                        new OffsetForLeaderEpochResponse()
                                .setTopics(List.of(new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult()
                                        .setTopic(TOPIC)
                                        .setPartitions(List.of(result)))),
                        out);
            } else if (r.apiKey() == ApiKey.FETCH.id()) {
                FetchRequest request = (FetchRequest) FakeBrokerProtocol.body(r);
                FetchResponse.PartitionData data = new FetchResponse.PartitionData().setPartitionIndex(0);
                for (FetchRequest.FetchTopic t : request.topics()) {
                    for (FetchRequest.FetchPartition p : t.partitions()) {
                        answer(p, data);
                    }
                }
                if (data.records() == null || data.records().readableBytes() == 0) {
                    try {
                        Thread.sleep(50); // as a broker waiting fetch.max.wait for data
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                FakeBrokerProtocol.writeResponse(
                        r,
                        new FetchResponse()
                                .setResponses(List.of(new FetchResponse.FetchableTopicResponse()
                                        .setTopic(TOPIC)
                                        .setTopicId(TOPIC_ID)
                                        .setPartitions(List.of(data)))),
                        out);
            }
        });
        port[0] = broker.port();
        return broker;
    }

    /** As a leader does: a diverging epoch if the fetcher's last epoch ends before its offset, else data. */
    private void answer(FetchRequest.FetchPartition p, FetchResponse.PartitionData data) {
        long offset = p.fetchOffset();
        lastFetchedEpochs
                .computeIfAbsent(offset, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(p.lastFetchedEpoch());
        List<Object[]> log = log();
        data.setHighWatermark(log.size()).setLastStableOffset(log.size()).setLogStartOffset(0);
        ErrorCode error = fetchErrors.poll();
        if (error != null) {
            data.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1);
            return;
        }
        if (diverged.get() && p.lastFetchedEpoch() == OLD_EPOCH && offset > DIVERGES_AT) {
            data.setDivergingEpoch(
                    new FetchResponse.EpochEndOffset().setEpoch(OLD_EPOCH).setEndOffset(DIVERGES_AT));
            return;
        }
        CompositeByteBuf records = Unpooled.compositeBuffer();
        int i = (int) offset;
        while (i < log.size()) {
            int epoch = (int) log.get(i)[0];
            int start = i;
            RecordBatchBuilder b =
                    RecordBatchBuilder.create(CompressionType.NONE, 1 << 20).baseOffset(start);
            while (i < log.size() && (int) log.get(i)[0] == epoch) {
                b.tryAppend(1000L + i, null, ((String) log.get(i)[1]).getBytes(StandardCharsets.UTF_8), new Header[0]);
                i++;
            }
            ByteBuf batch = b.close();
            batch.setInt(batch.readerIndex() + 12, epoch); // partitionLeaderEpoch, outside the CRC
            records.addComponent(true, batch);
        }
        data.setRecords(records);
    }

    private static MetadataResponse metadata(int port, int leaderEpoch) {
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
                        .setPartitions(List.of(new MetadataResponse.MetadataResponsePartition()
                                .setPartitionIndex(0)
                                .setLeaderId(0)
                                .setLeaderEpoch(leaderEpoch)
                                .setReplicaNodes(List.of(0))
                                .setIsrNodes(List.of(0))))));
    }

    private static AsyncKafkaConsumer<String, String> consumer(FakeKafkaBroker broker, AutoOffsetReset reset) {
        return AsyncKafkaConsumer.create(
                ConsumerOptions.builder(ClientOptions.builder()
                                .bootstrapServers("127.0.0.1:" + broker.port())
                                .build())
                        .autoOffsetReset(reset)
                        .build(),
                Deserializers.string(),
                Deserializers.string());
    }

    private static List<ConsumerRecord<String, String>> read(
            AsyncKafkaConsumer<String, String> c, int count, int perCall) throws Exception {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < count && System.nanoTime() < deadline) {
            out.addAll(await(c.getMany(Set.of(TP), Duration.ofMillis(500), Math.min(perCall, count - out.size())))
                    .records(TP));
        }
        return out;
    }

    /** Waits until the fake received a fetch at the offset carrying the given LastFetchedEpoch. */
    private void awaitFetch(long offset, int lastFetchedEpoch) throws InterruptedException {
        TestWaits.waitFor(
                "a fetch at offset " + offset + " with LastFetchedEpoch " + lastFetchedEpoch,
                () -> lastFetchedEpochs.getOrDefault(offset, List.of()).contains(lastFetchedEpoch));
        assertThat(lastFetchedEpochs.get(offset))
                .as("LastFetchedEpoch of fetches at offset %d", offset)
                .contains(lastFetchedEpoch);
    }

    @Test
    void divergenceBeforeThePositionMovesToTheDivergencePointWithResetEarliest() throws Exception {
        try (FakeKafkaBroker broker = fakeBroker();
                AsyncKafkaConsumer<String, String> c = consumer(broker, AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            await(c.seek(TP, 0));
            assertThat(read(c, 6, 100))
                    .extracting(ConsumerRecord::value)
                    .startsWith("old0")
                    .endsWith("old5");
            // The epoch of the last batch fetched goes out with the next fetch.
            awaitFetch(6, OLD_EPOCH);

            diverged.set(true);
            List<ConsumerRecord<String, String>> after = read(c, 4, 100);
            assertThat(after).extracting(ConsumerRecord::offset).containsExactly(4L, 5L, 6L, 7L);
            assertThat(after).extracting(ConsumerRecord::value).containsExactly("new4", "new5", "new6", "new7");
            assertThat(after).extracting(ConsumerRecord::leaderEpoch).containsOnly(NEW_EPOCH);
            // Resumed at the divergence point with the epoch the leader named.
            assertThat(lastFetchedEpochs.get(DIVERGES_AT)).contains(OLD_EPOCH);
            awaitFetch(8, NEW_EPOCH);
        }
    }

    @Test
    void divergenceBeforeThePositionFailsTheApplicationWithResetNone() throws Exception {
        try (FakeKafkaBroker broker = fakeBroker();
                AsyncKafkaConsumer<String, String> c = consumer(broker, AutoOffsetReset.NONE)) {
            c.assign(List.of(TP));
            await(c.seek(TP, 0));
            assertThat(read(c, 6, 100)).hasSize(6);
            awaitFetch(6, OLD_EPOCH);

            diverged.set(true);
            Throwable error = failure(c.getMany(Duration.ofSeconds(30), 100));
            assertThat(error).isInstanceOf(LogTruncationException.class).hasMessageContaining(TP.toString());
            LogTruncationException e = (LogTruncationException) error;
            assertThat(e.positions()).isEqualTo(Map.of(TP, 6L));
            assertThat(e.divergentOffsets()).isEqualTo(Map.of(TP, DIVERGES_AT));
            assertThat(await(c.position(TP))).isEqualTo(6L);

            await(c.seek(TP, DIVERGES_AT));
            assertThat(read(c, 4, 100))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("new4", "new5", "new6", "new7");
        }
    }

    /**
     * FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH, in a fetch or in the validation after a leader
     * change, refresh the metadata and retry: the position is kept, nothing is reset.
     */
    @Test
    void fencedOrUnknownLeaderEpochsRetryAndNeverReset() throws Exception {
        try (FakeKafkaBroker broker = fakeBroker();
                AsyncKafkaConsumer<String, String> c = consumer(broker, AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            await(c.seek(TP, 0));
            assertThat(read(c, 6, 100)).hasSize(6);
            awaitFetch(6, OLD_EPOCH);

            // A leader change: the metadata refresh the fetch errors cause shows it, and the
            // consumer validates its position before fetching again.
            metadataEpoch.set(NEW_EPOCH + 1);
            validationErrors.add(ErrorCode.FENCED_LEADER_EPOCH);
            validationErrors.add(ErrorCode.UNKNOWN_LEADER_EPOCH);
            fetchErrors.add(ErrorCode.FENCED_LEADER_EPOCH);
            fetchErrors.add(ErrorCode.UNKNOWN_LEADER_EPOCH);
            appended.set(true);

            List<ConsumerRecord<String, String>> more = read(c, 2, 100);
            assertThat(more).extracting(ConsumerRecord::value).containsExactly("more6", "more7");
            assertThat(fetchErrors).as("both fetch errors served").isEmpty();
            assertThat(validationErrors).as("both validation errors served").isEmpty();
            // Validated three times (two refused), always asking about the position's epoch.
            assertThat(validations).hasSize(3).containsOnly(OLD_EPOCH + "/" + (NEW_EPOCH + 1));
            assertThat(listOffsets).as("no offset reset").hasValue(0);
        }
    }

    @Test
    void divergenceOnlyInPrefetchedRecordsDropsThemAndNeverHandsThemOut() throws Exception {
        try (FakeKafkaBroker broker = fakeBroker();
                AsyncKafkaConsumer<String, String> c = consumer(broker, AutoOffsetReset.NONE)) {
            c.assign(List.of(TP));
            await(c.seek(TP, 0));
            // The application takes two records; old2-old5 stay prefetched.
            assertThat(read(c, 2, 2)).extracting(ConsumerRecord::value).containsExactly("old0", "old1");
            awaitFetch(6, OLD_EPOCH);

            diverged.set(true);
            // The next fetch (at 6) reports the divergence: old4/old5 must never come out, and no
            // error either, since the application has not seen anything diverged.
            awaitFetch(2, OLD_EPOCH);
            List<ConsumerRecord<String, String>> rest = read(c, 6, 100);
            assertThat(rest)
                    .extracting(ConsumerRecord::value)
                    .containsExactly("old2", "old3", "new4", "new5", "new6", "new7");
        }
    }
}
