package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordTestSupport.LIMIT;
import static dev.asynckafka.internal.record.RecordTestSupport.kafkaBuilder;
import static dev.asynckafka.internal.record.RecordTestSupport.kafkaHeaders;
import static dev.asynckafka.internal.record.RecordTestSupport.randomRecords;
import static dev.asynckafka.internal.record.RecordTestSupport.readKafka;
import static dev.asynckafka.internal.record.RecordTestSupport.readOurs;
import static dev.asynckafka.internal.record.RecordTestSupport.writeKafka;
import static dev.asynckafka.internal.record.RecordTestSupport.writeOurs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.internal.record.RecordTestSupport.Rec;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Batches we write are read by kafka-clients, and batches kafka-clients writes are read by us. */
class RecordInteropTest {

    static Stream<Arguments> codecsAndCounts() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            for (int count : new int[] {1, 2, 100, 10_000}) {
                cases.add(Arguments.of(type, count));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("codecsAndCounts")
    void kafkaReadsOurBatches(CompressionType type, int count) {
        List<Rec> records = randomRecords(count * 31L + type.ordinal(), count, 1000, count > 1000 ? 60 : 2000);
        ByteBuf batch = writeOurs(type, records);

        assertThat(readKafka(batch)).containsExactlyElementsOf(records);
        org.apache.kafka.common.record.RecordBatch kafkaBatch = MemoryRecords.readableRecords(batch.nioBuffer())
                .batches()
                .iterator()
                .next();
        assertThat(kafkaBatch.compressionType().name).isEqualTo(type.configName());
        assertThat(kafkaBatch.baseOffset()).isEqualTo(1000);
        assertThat(kafkaBatch.lastOffset()).isEqualTo(1000 + count - 1);
        assertThat(kafkaBatch.countOrNull()).isEqualTo(count);
        assertThat(kafkaBatch.maxTimestamp())
                .isEqualTo(records.stream().mapToLong(Rec::timestamp).max().orElseThrow());
        assertThat(kafkaBatch.producerId()).isEqualTo(-1);
        assertThat(kafkaBatch.sizeInBytes()).isEqualTo(batch.readableBytes());
    }

    @ParameterizedTest
    @MethodSource("codecsAndCounts")
    void weReadKafkaBatches(CompressionType type, int count) {
        List<Rec> records = randomRecords(count * 17L + type.ordinal(), count, 42, count > 1000 ? 60 : 2000);
        ByteBuf batch = writeKafka((byte) 2, type, records, -1);

        assertThat(readOurs(batch, true, LIMIT)).containsExactlyElementsOf(records);
        RecordBatch ours = RecordBatchReader.of(batch, null, true, LIMIT).next();
        assertThat(ours.magic()).isEqualTo((byte) 2);
        assertThat(ours.compression()).isEqualTo(type);
        assertThat(ours.baseOffset()).isEqualTo(42);
        assertThat(ours.lastOffset()).isEqualTo(42 + count - 1);
        assertThat(ours.nextOffset()).isEqualTo(42 + count);
        assertThat(ours.recordCount()).isEqualTo(count);
        assertThat(ours.sizeInBytes()).isEqualTo(batch.readableBytes());
        assertThat(ours.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(ours.baseTimestamp()).isEqualTo(records.get(0).timestamp());
        assertThat(ours.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void emptyAndLargeValuesBothWays(CompressionType type) {
        byte[] large = RecordTestSupport.bytes(new java.util.SplittableRandom(5), 3 * 1024 * 1024);
        List<Rec> records = List.of(
                new Rec(0, 10, null, large, new Header[0]),
                new Rec(1, 11, new byte[0], new byte[0], new Header[] {new Header("", new byte[0])}),
                new Rec(2, 9, null, null, new Header[] {new Header("k", null)}),
                new Rec(3, 12, large, null, new Header[0]));
        assertThat(readKafka(writeOurs(type, records))).containsExactlyElementsOf(records);
        assertThat(readOurs(writeKafka((byte) 2, type, records, -1), true, LIMIT))
                .containsExactlyElementsOf(records);
    }

    @Test
    void uncompressedBatchesAreByteIdenticalToKafkas() {
        List<Rec> records = randomRecords(99, 500, 0, 300);
        ByteBuf ours = writeOurs(CompressionType.NONE, records);
        ByteBuf theirs = writeKafka((byte) 2, CompressionType.NONE, records, -1);
        // kafka-clients wrote partition leader epoch 7; ours is -1 by default: compare with that set
        RecordBatchBuilder builder = RecordBatchBuilder.create(CompressionType.NONE, Integer.MAX_VALUE)
                .partitionLeaderEpoch(7);
        records.forEach(r -> builder.tryAppend(r.timestamp(), r.key(), r.value(), r.headers()));
        assertThat(ByteBufUtil.getBytes(builder.close())).isEqualTo(ByteBufUtil.getBytes(theirs));
        assertThat(ours.readableBytes()).isEqualTo(theirs.readableBytes());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void transactionalProducerStateBothWays(CompressionType type) {
        List<Rec> records = randomRecords(3, 50, 500, 100);
        RecordBatchBuilder builder = RecordBatchBuilder.create(type, Integer.MAX_VALUE)
                .baseOffset(500)
                .producerState(123456789L, (short) 3, 17)
                .transactional(true)
                .partitionLeaderEpoch(9);
        records.forEach(r -> builder.tryAppend(r.timestamp(), r.key(), r.value(), r.headers()));
        ByteBuf ours = builder.close();
        org.apache.kafka.common.record.RecordBatch kafkaBatch = MemoryRecords.readableRecords(ours.nioBuffer())
                .batches()
                .iterator()
                .next();
        kafkaBatch.ensureValid();
        assertThat(kafkaBatch.producerId()).isEqualTo(123456789L);
        assertThat(kafkaBatch.producerEpoch()).isEqualTo((short) 3);
        assertThat(kafkaBatch.baseSequence()).isEqualTo(17);
        assertThat(kafkaBatch.lastSequence()).isEqualTo(17 + 49);
        assertThat(kafkaBatch.isTransactional()).isTrue();
        assertThat(kafkaBatch.isControlBatch()).isFalse();
        assertThat(kafkaBatch.partitionLeaderEpoch()).isEqualTo(9);

        // the producer assigns the state when it drains the batch: rewrite in place, CRC still valid
        RecordBatchBuilder.setProducerState(ours, 99L, (short) 1, 1000, false);
        kafkaBatch = MemoryRecords.readableRecords(ours.nioBuffer())
                .batches()
                .iterator()
                .next();
        kafkaBatch.ensureValid();
        assertThat(kafkaBatch.producerId()).isEqualTo(99L);
        assertThat(kafkaBatch.producerEpoch()).isEqualTo((short) 1);
        assertThat(kafkaBatch.baseSequence()).isEqualTo(1000);
        assertThat(kafkaBatch.isTransactional()).isFalse();
        assertThat(readKafka(ours)).containsExactlyElementsOf(records);

        MemoryRecordsBuilder kafka = kafkaBuilder((byte) 2, type, 500, -1, 555L, (short) 4, 21, true);
        records.forEach(r -> kafka.append(r.timestamp(), r.key(), r.value(), kafkaHeaders(r.headers())));
        RecordBatch read = RecordBatchReader.of(
                        Unpooled.wrappedBuffer(kafka.build().buffer()), null, true, LIMIT)
                .next();
        assertThat(read.producerId()).isEqualTo(555L);
        assertThat(read.producerEpoch()).isEqualTo((short) 4);
        assertThat(read.baseSequence()).isEqualTo(21);
        assertThat(read.isTransactional()).isTrue();
        assertThat(read.isControl()).isFalse();
        assertThat(read.partitionLeaderEpoch()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void logAppendTimeBatchesGiveEveryRecordTheBatchTime(CompressionType type) {
        List<Rec> records = randomRecords(8, 20, 0, 100);
        ByteBuf batch = writeKafka((byte) 2, type, records, 1_234_567L);
        RecordBatch read = RecordBatchReader.of(batch, null, true, LIMIT).next();
        assertThat(read.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(read.maxTimestamp()).isEqualTo(1_234_567L);
        assertThat(readOurs(batch, true, LIMIT))
                .containsExactlyElementsOf(
                        records.stream().map(r -> r.withTimestamp(1_234_567L)).toList());

        RecordBatchBuilder builder =
                RecordBatchBuilder.create(type, 1 << 20).timestampType(TimestampType.LOG_APPEND_TIME);
        builder.tryAppend(5, null, new byte[] {1}, new Header[0]);
        org.apache.kafka.common.record.RecordBatch kafkaBatch = MemoryRecords.readableRecords(
                        builder.close().nioBuffer())
                .batches()
                .iterator()
                .next();
        assertThat(kafkaBatch.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
    }

    @Test
    void kafkaControlBatchesAreRecognised() {
        for (org.apache.kafka.common.record.ControlRecordType type : List.of(
                org.apache.kafka.common.record.ControlRecordType.COMMIT,
                org.apache.kafka.common.record.ControlRecordType.ABORT)) {
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(
                    77L, 1_000L, 5, 4242L, (short) 2, new EndTransactionMarker(type, 13));
            RecordBatch batch = RecordBatchReader.of(Unpooled.wrappedBuffer(marker.buffer()), null, true, LIMIT)
                    .next();
            assertThat(batch.isControl()).isTrue();
            assertThat(batch.isTransactional()).isTrue();
            assertThat(batch.producerId()).isEqualTo(4242L);
            assertThat(batch.producerEpoch()).isEqualTo((short) 2);
            assertThat(batch.baseOffset()).isEqualTo(77L);
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(5);
            Iterator<Record> records = batch.records();
            Record record = records.next();
            assertThat(records.hasNext()).isFalse();
            assertThat(record.offset()).isEqualTo(77L);
            assertThat(record.controlType())
                    .isEqualTo(
                            type == org.apache.kafka.common.record.ControlRecordType.COMMIT
                                    ? ControlRecordType.COMMIT
                                    : ControlRecordType.ABORT);
            assertThat(RecordTestSupport.bytes(record.value()))
                    .isEqualTo(RecordBatchBuilder.endTransactionMarkerValue(13));
        }
    }

    @ParameterizedTest
    @EnumSource(ControlRecordType.class)
    void kafkaReadsOurControlBatches(ControlRecordType type) {
        if (type == ControlRecordType.UNKNOWN) {
            return;
        }
        RecordBatchBuilder builder = RecordBatchBuilder.create(CompressionType.NONE, 1024)
                .baseOffset(10)
                .producerState(31L, (short) 0, -1)
                .transactional(true)
                .control(true);
        builder.tryAppend(
                1_000L,
                RecordBatchBuilder.controlKey(type),
                RecordBatchBuilder.endTransactionMarkerValue(3),
                new Header[0]);
        ByteBuf ours = builder.close();
        org.apache.kafka.common.record.RecordBatch kafkaBatch = MemoryRecords.readableRecords(ours.nioBuffer())
                .batches()
                .iterator()
                .next();
        kafkaBatch.ensureValid();
        assertThat(kafkaBatch.isControlBatch()).isTrue();
        assertThat(kafkaBatch.isTransactional()).isTrue();
        org.apache.kafka.common.record.Record record = kafkaBatch.iterator().next();
        EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
        assertThat(marker.controlType().name()).isEqualTo(type.name());
        assertThat(marker.coordinatorEpoch()).isEqualTo(3);
        assertThat(RecordBatchReader.of(ours, null, true, 1024)
                        .next()
                        .records()
                        .next()
                        .controlType())
                .isEqualTo(type);
    }

    @Test
    void aFetchOfManyBatchesOfMixedCodecsReadsInOrder() {
        List<Rec> expected = new ArrayList<>();
        ByteBuf fetch = Unpooled.buffer();
        long offset = 0;
        for (CompressionType type : CompressionType.values()) {
            List<Rec> records = randomRecords(type.ordinal(), 30, offset, 200);
            expected.addAll(records);
            fetch.writeBytes(
                    type.ordinal() % 2 == 0 ? writeOurs(type, records) : writeKafka((byte) 2, type, records, -1));
            offset += 30;
        }
        assertThat(readOurs(fetch, true, LIMIT)).containsExactlyElementsOf(expected);
        assertThat(readKafka(fetch)).containsExactlyElementsOf(expected);
    }
}
