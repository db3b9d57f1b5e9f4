package dev.asynckafka.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.record.RecordBatch;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.internal.record.RecordBatchReader;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Splitting a batch the broker refused as too large ({@link ProducerBatch#split}). */
class ProducerBatchSplitTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long DELIVERY_TIMEOUT = 120_000_000_000L;

    private long nextId = 10;

    @Test
    void halvesKeepRecordsOrderAndTheSequenceRange() {
        splitsStampedBatch(CompressionType.NONE);
    }

    @Test
    void compressedBatchIsSplitToo() {
        splitsStampedBatch(CompressionType.GZIP);
    }

    private void splitsStampedBatch(CompressionType compression) {
        List<PendingRecord> records = records(10, 200);
        ProducerBatch batch = batch(compression, records);
        batch.stamp(7L, (short) 3, 100);
        batch.encode();
        FlushTracker flush = new FlushTracker();
        batch.track(flush);
        flush.arrive();

        List<ProducerBatch> pieces = batch.split(compression);

        assertThat(pieces).hasSize(2);
        ProducerBatch first = pieces.get(0);
        ProducerBatch second = pieces.get(1);
        assertThat(first.recordCount() + second.recordCount()).isEqualTo(10);
        // Equal records: halves of equal size.
        assertThat(first.recordCount()).isEqualTo(5);
        assertThat(first.id).isEqualTo(batch.id);
        assertThat(second.id).isEqualTo(batch.id);
        assertThat(first.splitIndex).isZero();
        assertThat(second.splitIndex).isEqualTo(first.recordCount());
        assertThat(first.createdNanos).isEqualTo(batch.createdNanos);
        assertThat(second.deadlineNanos).isEqualTo(batch.deadlineNanos);
        assertThat(first.reservedBytes + second.reservedBytes).isEqualTo(10 * 200);
        assertThat(batch.reservedBytes).isZero();
        assertThat(first.baseSequence).isEqualTo(100);
        assertThat(second.baseSequence).isEqualTo(100 + first.recordCount());
        assertThat(first.attempts).isZero();
        assertThat(first.mayBeWritten).isFalse();

        List<String> values = new ArrayList<>();
        int expectedSequence = 100;
        for (ProducerBatch piece : pieces) {
            RecordBatch decoded = decode(piece.encode());
            assertThat(decoded.compression()).isEqualTo(compression);
            assertThat(decoded.producerId()).isEqualTo(7L);
            assertThat(decoded.producerEpoch()).isEqualTo((short) 3);
            assertThat(decoded.baseSequence()).isEqualTo(expectedSequence);
            assertThat(decoded.recordCount()).isEqualTo(piece.recordCount());
            expectedSequence += piece.recordCount();
            decoded.records().forEachRemaining(r -> {
                values.add(string(r.value()));
                int i = values.size() - 1;
                assertThat(string(r.key())).isEqualTo("k" + i);
                assertThat(r.timestamp()).isEqualTo(1_000 + i);
                assertThat(r.headers()).hasSize(1);
                assertThat(r.headers()[0].key()).isEqualTo("h");
                assertThat(new String(r.headers()[0].value(), StandardCharsets.UTF_8))
                        .isEqualTo("" + i);
            });
        }
        List<String> expected = new ArrayList<>();
        for (PendingRecord r : records) {
            expected.add(new String(r.valueBytes, StandardCharsets.UTF_8));
        }
        assertThat(values).isEqualTo(expected);

        // The pieces carry the records' futures and the flush that waited for the batch.
        second.settle(500, -1);
        second.deliver();
        assertThat(flush.done).isNotDone();
        first.settle(495, -1);
        first.deliver();
        assertThat(flush.done).isDone();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = records.get(i).future.join();
            assertThat(m.offset()).isEqualTo(495 + i);
            assertThat(m.timestamp()).isEqualTo(1_000 + i);
        }
    }

    @Test
    void halvesAreCutBySizeAndEveryHalfKeepsARecord() {
        List<PendingRecord> records = new ArrayList<>();
        records.add(record(0, 100));
        records.add(record(1, 5_000));
        records.add(record(2, 100));
        records.add(record(3, 100));
        ProducerBatch batch = batch(CompressionType.NONE, records);
        batch.encode();

        List<ProducerBatch> pieces = batch.split(CompressionType.NONE);
        // The large record takes the first piece past half the size.
        assertThat(pieces.get(0).recordCount()).isEqualTo(2);
        assertThat(pieces.get(1).recordCount()).isEqualTo(2);
        // Not stamped: the pieces are not either.
        assertThat(pieces.get(0).baseSequence).isEqualTo(-1);
        assertThat(decode(pieces.get(1).encode()).baseSequence()).isEqualTo(-1);

        // A batch that may be in the log from an earlier attempt passes that on.
        ProducerBatch maybe = batch(CompressionType.NONE, records(2, 10));
        maybe.stamp(1L, (short) 0, 5);
        maybe.mayBeWritten = true;
        assertThat(maybe.split(CompressionType.NONE))
                .allSatisfy(p -> assertThat(p.mayBeWritten).isTrue())
                .extracting(p -> p.baseSequence)
                .containsExactly(5, 6);

        // A piece split again orders by the record index in the batch first created.
        List<ProducerBatch> again = pieces.get(0).split(CompressionType.NONE);
        assertThat(again).extracting(b -> b.splitIndex).containsExactly(0, 1);
        assertThat(again).extracting(ProducerBatch::recordCount).containsExactly(1, 1);
        List<ProducerBatch> last = pieces.get(1).split(CompressionType.NONE);
        assertThat(last).extracting(b -> b.splitIndex).containsExactly(2, 3);

        assertThatThrownBy(() -> again.get(0).split(CompressionType.NONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void piecesTakeTheBatchPlaceInThePartition() {
        PartitionState ps = new PartitionState(TP);
        ProducerBatch before = batch(CompressionType.NONE, records(1, 50));
        ProducerBatch big = batch(CompressionType.NONE, records(6, 50));
        ProducerBatch after = batch(CompressionType.NONE, records(1, 50));
        ps.outstanding.add(before);
        ps.outstanding.add(big);
        ps.outstanding.add(after);
        ps.retries.add(after);
        big.encode();

        List<ProducerBatch> pieces = big.split(CompressionType.NONE);
        ps.replaceSplit(big, pieces);

        assertThat(ps.outstanding).containsExactly(before, pieces.get(0), pieces.get(1), after);
        assertThat(ps.retries.poll()).isSameAs(pieces.get(0));
        assertThat(ps.retries.poll()).isSameAs(pieces.get(1));
        assertThat(ps.retries.poll()).isSameAs(after);
        // The split batch itself never completes the futures: its pieces do.
        big.deliver();
        assertThat(big.entries.get(0).future()).isNotDone();
    }

    private ProducerBatch batch(CompressionType compression, List<PendingRecord> records) {
        ProducerBatch b = new ProducerBatch(
                nextId++,
                TP,
                RecordBatchBuilder.create(compression, 1 << 20),
                1 << 20,
                System.nanoTime(),
                DELIVERY_TIMEOUT);
        for (PendingRecord r : records) {
            assertThat(b.tryAppend(r)).isTrue();
        }
        return b;
    }

    private static List<PendingRecord> records(int count, int valueSize) {
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(i, valueSize));
        }
        return records;
    }

    private static PendingRecord record(int i, int valueSize) {
        byte[] value = new byte[valueSize];
        byte[] text = ("v" + i + "-").getBytes(StandardCharsets.UTF_8);
        for (int j = 0; j < valueSize; j++) {
            value[j] = text[j % text.length];
        }
        return new PendingRecord(
                TP.topic(),
                0,
                null,
                null,
                ("k" + i).getBytes(StandardCharsets.UTF_8),
                value,
                new Header[] {new Header("h", ("" + i).getBytes(StandardCharsets.UTF_8))},
                1_000 + i,
                valueSize,
                System.nanoTime(),
                new CompletableFuture<>());
    }

    private static RecordBatch decode(ByteBuf bytes) {
        RecordBatchReader reader = RecordBatchReader.of(bytes.duplicate(), TP, true, Integer.MAX_VALUE);
        RecordBatch b = reader.next();
        assertThat(reader.hasNext()).isFalse();
        return b;
    }

    private static String string(ByteBuf b) {
        return new String(ByteBufUtil.getBytes(b), StandardCharsets.UTF_8);
    }
}
