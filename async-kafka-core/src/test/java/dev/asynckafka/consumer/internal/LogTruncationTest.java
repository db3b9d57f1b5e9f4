package dev.asynckafka.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.LogTruncationException;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leader-epoch tracking and the truncation decision (KIP-320), without a broker: what a leader's
 * epoch end offset means for a partition's fetch and consumed positions, and what the partition
 * state does with it under each {@code auto.offset.reset}.
 */
class LogTruncationTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    // ------------------------------------------------------------------ the pure decision

    @Test
    void anEpochEndingAtOrAfterTheFetchPositionKeepsThePosition() {
        assertThat(Divergence.decide(10, 4, 3, 10)).isEqualTo(new Divergence.Decision(Divergence.Kind.VALID, 10, 3));
        assertThat(Divergence.decide(10, 4, 3, 25).kind()).isEqualTo(Divergence.Kind.VALID);
    }

    @Test
    void aDivergenceInsideTheUnconsumedBufferOnlyRefetchesFromTheConsumedPosition() {
        assertThat(Divergence.decide(10, 4, 3, 7)).isEqualTo(new Divergence.Decision(Divergence.Kind.REFETCH, 4, 3));
        // Diverging exactly at the consumed position: the application has seen nothing diverged.
        assertThat(Divergence.decide(10, 4, 3, 4)).isEqualTo(new Divergence.Decision(Divergence.Kind.REFETCH, 4, 3));
    }

    @Test
    void aDivergenceBeforeTheConsumedPositionIsATruncationAtTheFirstDivergentOffset() {
        assertThat(Divergence.decide(10, 10, 0, 3)).isEqualTo(new Divergence.Decision(Divergence.Kind.TRUNCATED, 3, 0));
        assertThat(Divergence.decide(10, 4, 2, 3)).isEqualTo(new Divergence.Decision(Divergence.Kind.TRUNCATED, 3, 2));
    }

    @Test
    void anUndefinedEpochOrOffsetMeansTheDivergencePointIsUnknown() {
        assertThat(Divergence.decide(10, 10, -1, -1).kind()).isEqualTo(Divergence.Kind.UNKNOWN);
        assertThat(Divergence.decide(10, 10, 2, -1).kind()).isEqualTo(Divergence.Kind.UNKNOWN);
        assertThat(Divergence.decide(10, 10, -1, 5).kind()).isEqualTo(Divergence.Kind.UNKNOWN);
    }

    // ------------------------------------------------------------------ the partition state

    @Test
    void truncationWithAResetPolicyMovesBothPositionsToTheDivergencePoint() {
        PartitionState<String, String> ps = consumedTo(10, 0);
        bufferRecords(ps, 10, 5, 0);
        int generation = ps.generation;

        Divergence.Decision d = ps.onEpochEnd(0, 3, AutoOffsetReset.EARLIEST);

        assertThat(d.kind()).isEqualTo(Divergence.Kind.TRUNCATED);
        assertThat(ps.position()).isEqualTo(3);
        assertThat(ps.fetchPosition).isEqualTo(3);
        assertThat(ps.fetchEpoch).isZero();
        assertThat(ps.consumedEpoch()).isZero();
        assertThat(ps.buffer).as("nothing fetched from the diverged log stays").isEmpty();
        assertThat(ps.bufferedBytes).isZero();
        assertThat(ps.error).isNull();
        assertThat(ps.generation)
                .as("in-flight fetches and decodes are dropped")
                .isGreaterThan(generation);
        assertThat(ps.awaitingValidation).isFalse();
    }

    @Test
    void truncationWithResetNoneFailsThePartitionNamingItAndTheDivergentOffset() {
        PartitionState<String, String> ps = consumedTo(10, 4);
        bufferRecords(ps, 10, 5, 4);

        ps.onEpochEnd(2, 3, AutoOffsetReset.NONE);

        assertThat(ps.error).isInstanceOf(LogTruncationException.class);
        LogTruncationException e = (LogTruncationException) ps.error;
        assertThat(e.positions()).isEqualTo(Map.of(TP, 10L));
        assertThat(e.divergentOffsets()).isEqualTo(Map.of(TP, 3L));
        assertThat(e.getMessage()).contains(TP.toString()).contains("offset 3").contains("auto.offset.reset is none");
        assertThat(ps.buffer).isEmpty();
        assertThat(ps.hasAvailable()).as("the application is told").isTrue();
        assertThat(ps.errorAtHead()).isSameAs(e);
        assertThat(ps.position())
                .as("the position stays where the application was")
                .isEqualTo(10);
        SubscriptionState<String, String> subs = subscriptions();
        assertThat(subs.isFetchable(ps, System.nanoTime())).isFalse();
        // A seek clears the failure.
        ps.seek(3);
        assertThat(ps.error).isNull();
        assertThat(ps.hasAvailable()).isFalse();
    }

    @Test
    void aDivergenceOnlyInPrefetchedRecordsDropsThemWithoutFailingOrMovingThePosition() {
        PartitionState<String, String> ps = consumedTo(4, 1);
        bufferRecords(ps, 4, 6, 3);
        assertThat(ps.fetchPosition).isEqualTo(10);

        Divergence.Decision d = ps.onEpochEnd(2, 7, AutoOffsetReset.NONE);

        assertThat(d.kind()).isEqualTo(Divergence.Kind.REFETCH);
        assertThat(ps.error).isNull();
        assertThat(ps.buffer).isEmpty();
        assertThat(ps.position()).isEqualTo(4);
        assertThat(ps.fetchPosition).isEqualTo(4);
        assertThat(ps.fetchEpoch).isEqualTo(2);
        assertThat(ps.consumedEpoch()).isEqualTo(1);
    }

    @Test
    void anUnknownDivergencePointResetsWithThePolicyOrFailsWithoutOffsets() {
        PartitionState<String, String> reset = consumedTo(10, 5);
        reset.onEpochEnd(-1, -1, AutoOffsetReset.LATEST);
        assertThat(reset.pendingReset).isEqualTo(AutoOffsetReset.LATEST);
        assertThat(reset.position()).isEqualTo(-1);

        PartitionState<String, String> fail = consumedTo(10, 5);
        fail.onEpochEnd(-1, -1, AutoOffsetReset.NONE);
        assertThat(fail.error).isInstanceOf(LogTruncationException.class);
        assertThat(((LogTruncationException) fail.error).divergentOffsets()).isEmpty();
        assertThat(((LogTruncationException) fail.error).positions()).containsEntry(TP, 10L);
    }

    @Test
    void aValidAnswerKeepsEverythingAndLowersTheFetchEpochToTheLeaders() {
        PartitionState<String, String> ps = consumedTo(10, 5);
        ps.awaitingValidation = true;
        ps.onEpochEnd(4, 12, AutoOffsetReset.NONE);
        assertThat(ps.error).isNull();
        assertThat(ps.position()).isEqualTo(10);
        assertThat(ps.fetchEpoch).isEqualTo(4);
        assertThat(ps.awaitingValidation).isFalse();
    }

    @Test
    void takingRecordsTracksTheEpochOfTheLastOneForCommits() {
        PartitionState<String, String> ps = consumedTo(0, -1);
        Chunk<String, String> chunk = new Chunk<>(0, 3, 30, 7);
        List<ConsumerRecord<String, String>> records = List.of(record(0, 5), record(1, 6), record(2, 7));
        chunk.decoded(new DecodeResult<>(records, null, -1));
        ps.buffer.add(chunk);
        ps.decoded(chunk);
        ps.bufferedBytes = 30;

        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        ps.take(2, out);
        assertThat(ps.position()).isEqualTo(2);
        assertThat(ps.consumedEpoch()).isEqualTo(6);
        ps.take(5, out);
        assertThat(ps.position()).isEqualTo(3);
        assertThat(ps.consumedEpoch()).isEqualTo(7);
    }

    @Test
    void aSeekWithACommittedEpochWaitsForValidationAndAPlainSeekDoesNot() {
        SubscriptionState<String, String> subs = subscriptions();
        subs.add(List.of(TP));
        PartitionState<String, String> ps = subs.state(TP);
        assertThat(ps).isNotNull();

        ps.seek(5, 3, true);
        assertThat(ps.awaitingValidation).isTrue();
        assertThat(ps.fetchEpoch).isEqualTo(3);
        assertThat(ps.consumedEpoch()).isEqualTo(3);
        assertThat(subs.isFetchable(ps, System.nanoTime())).isFalse();

        ps.seek(5, -1, true);
        assertThat(ps.awaitingValidation).as("no epoch: nothing to validate").isFalse();
        assertThat(subs.isFetchable(ps, System.nanoTime())).isTrue();

        ps.seek(5, 3, true);
        ps.seek(6);
        assertThat(ps.awaitingValidation).isFalse();
        assertThat(ps.fetchEpoch).isEqualTo(-1);
    }

    // ------------------------------------------------------------------ wire: batch epochs and the fetch request

    @Test
    void theHeaderWalkReportsTheLeaderEpochOfTheLastCompleteBatch() {
        ByteBuf first = batch(0, 2, 3);
        ByteBuf second = batch(2, 2, 5);
        ByteBuf partial = batch(4, 2, 9);
        ByteBuf all = Unpooled.wrappedBuffer(first, second, partial.slice(0, partial.readableBytes() - 1));
        BatchHeaders.Scan scan = BatchHeaders.scan(all, 0);
        assertThat(scan.nextOffset()).isEqualTo(4);
        assertThat(scan.lastEpoch()).isEqualTo(5);
        assertThat(BatchHeaders.scan(Unpooled.EMPTY_BUFFER, 0).lastEpoch()).isEqualTo(-1);
    }

    @Test
    void theFetchRequestCarriesTheLastFetchedEpochAndAChangeResendsThePartition() {
        FetchSession s = new FetchSession(0);
        Uuid id = new Uuid(1, 2);
        Map<TopicPartition, FetchSession.Entry> wanted = new LinkedHashMap<>();
        wanted.put(TP, new FetchSession.Entry(id, 10, 1024, 4, 2));
        FetchRequest first = new FetchRequest();
        s.build(first, wanted);
        FetchRequest.FetchPartition p = first.topics().get(0).partitions().get(0);
        assertThat(p.currentLeaderEpoch()).isEqualTo(4);
        assertThat(p.lastFetchedEpoch()).isEqualTo(2);
        s.onResponse(9);

        wanted.put(TP, new FetchSession.Entry(id, 10, 1024, 4, 3));
        FetchRequest next = new FetchRequest();
        s.build(next, wanted);
        assertThat(next.topics()).hasSize(1);
        assertThat(next.topics().get(0).partitions().get(0).lastFetchedEpoch()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ helpers

    private static SubscriptionState<String, String> subscriptions() {
        return new SubscriptionState<>(AutoOffsetReset.EARLIEST, 1 << 20, 1 << 24);
    }

    /** A partition whose application position is {@code offset}, the record before it of {@code epoch}. */
    private static PartitionState<String, String> consumedTo(long offset, int epoch) {
        PartitionState<String, String> ps = new PartitionState<>(TP);
        ps.seek(offset, epoch, false);
        return ps;
    }

    /** Buffers {@code count} decoded records from {@code from} with the given epoch, as a fetch would. */
    private static void bufferRecords(PartitionState<String, String> ps, long from, int count, int epoch) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(from + i, epoch));
        }
        Chunk<String, String> chunk = new Chunk<>(from, from + count, 100L * count, epoch);
        chunk.decoded(new DecodeResult<>(records, null, -1));
        ps.buffer.add(chunk);
        ps.decoded(chunk);
        ps.bufferedBytes += chunk.bytes;
        ps.fetchPosition = from + count;
        ps.fetchEpoch = epoch;
    }

    private static ConsumerRecord<String, String> record(long offset, int epoch) {
        return new ConsumerRecord<>(
                TP.topic(), TP.partition(), offset, 0L, TimestampType.CREATE_TIME, -1, 1, List.of(), null, "v", epoch);
    }

    private static ByteBuf batch(long baseOffset, int records, int epoch) {
        RecordBatchBuilder b =
                RecordBatchBuilder.create(CompressionType.NONE, 1 << 20).baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            b.tryAppend(1L, null, new byte[] {(byte) i}, new Header[0]);
        }
        ByteBuf buf = b.close();
        // partitionLeaderEpoch sits at byte 12, outside the CRC (which starts at the attributes).
        buf.setInt(buf.readerIndex() + 12, epoch);
        return buf;
    }
}
