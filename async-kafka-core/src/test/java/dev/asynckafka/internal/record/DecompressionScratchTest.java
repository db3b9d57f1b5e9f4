package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordTestSupport.LIMIT;
import static dev.asynckafka.internal.record.RecordTestSupport.randomRecords;
import static dev.asynckafka.internal.record.RecordTestSupport.readOurs;
import static dev.asynckafka.internal.record.RecordTestSupport.writeKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.internal.record.RecordTestSupport.Rec;
import dev.asynckafka.record.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reusing decompression work arrays and inflaters must never show in the records handed out. */
class DecompressionScratchTest {

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void recordsKeptFromOneBatchSurviveDecodingMoreBatches(CompressionType type) {
        List<Rec> first = randomRecords(11, 300, 0, 500);
        List<ByteBuf> held = new ArrayList<>();
        RecordBatch batch = RecordBatchReader.of(writeKafka((byte) 2, type, first, -1), null, true, LIMIT)
                .next();
        for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
            Record r = it.next();
            held.add(r.value());
        }
        for (long seed = 12; seed < 20; seed++) { // same thread, so the same pool slot
            List<Rec> other = randomRecords(seed, 300, 0, 2000);
            assertThat(readOurs(writeKafka((byte) 2, type, other, -1), true, LIMIT))
                    .containsExactlyElementsOf(other);
        }
        for (int i = 0; i < first.size(); i++) {
            assertThat(RecordTestSupport.bytes(held.get(i)))
                    .isEqualTo(first.get(i).value());
        }
    }

    @Test
    void aCorruptGzipBatchDoesNotSpoilTheNextOne() {
        List<Rec> records = randomRecords(21, 200, 0, 300);
        ByteBuf good = writeKafka((byte) 2, CompressionType.GZIP, records, -1);
        for (int round = 0; round < 3; round++) {
            ByteBuf bad = good.copy();
            int middle =
                    RecordBatchBuilder.BATCH_OVERHEAD + (bad.readableBytes() - RecordBatchBuilder.BATCH_OVERHEAD) / 2;
            bad.setByte(middle, bad.getByte(middle) ^ 0x5a);
            assertThatThrownBy(() -> readOurs(bad, false, LIMIT)).isInstanceOf(CorruptRecordException.class);
            assertThat(readOurs(good, true, LIMIT)).containsExactlyElementsOf(records);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void forEachRecordPassesTheSameRecordsAsRecords(CompressionType type) {
        List<Rec> first = randomRecords(31, 250, 0, 700);
        List<Rec> second = randomRecords(32, 250, 250, 1500);
        ByteBuf fetch =
                Unpooled.wrappedBuffer(writeKafka((byte) 2, type, first, -1), writeKafka((byte) 2, type, second, -1));
        List<Rec> visited = new ArrayList<>();
        RecordBatchReader reader = RecordBatchReader.of(fetch, null, true, LIMIT);
        while (reader.hasNext()) {
            reader.next()
                    .forEachRecord(r -> visited.add(new Rec(
                            r.offset(),
                            r.timestamp(),
                            RecordTestSupport.bytes(r.key()),
                            RecordTestSupport.bytes(r.value()),
                            r.headers())));
        }
        List<Rec> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(visited).containsExactlyElementsOf(expected);
        assertThat(readOurs(fetch, true, LIMIT)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void forEachRecordReadsTheWorkArrayInPlaceAndGivesItBack(CompressionType type) {
        List<Rec> records = randomRecords(41, 200, 0, 400);
        RecordBatch batch = RecordBatchReader.of(writeKafka((byte) 2, type, records, -1), null, true, LIMIT)
                .next();
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        batch.forEachRecord(r -> {
            ByteBuf value = r.value();
            if (value != null && value.isReadable()) { // empty values share one empty buffer
                arrays.add(value.array());
            }
        });
        assertThat(arrays).hasSize(1);
        // same thread, so the same pool slot: the array the values were read from is pooled again
        byte[] next = DecompressionScratch.takeArray(1, LIMIT);
        assertThat(arrays).containsExactly(next);
        DecompressionScratch.giveArray(next);
    }

    @Test
    void theWorkArrayComesBackWhenTheVisitFails() {
        List<Rec> records = randomRecords(51, 100, 0, 400);
        RecordBatch batch = RecordBatchReader.of(
                        writeKafka((byte) 2, CompressionType.LZ4, records, -1), null, true, LIMIT)
                .next();
        List<byte[]> seen = new ArrayList<>();
        assertThatThrownBy(() -> batch.forEachRecord(r -> {
                    ByteBuf value = r.value();
                    if (value != null && value.isReadable()) {
                        seen.add(value.array());
                    }
                    if (seen.size() == 3) {
                        throw new IllegalStateException("deserializer failed");
                    }
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("deserializer failed");
        assertThat(seen).hasSize(3);
        byte[] next = DecompressionScratch.takeArray(1, LIMIT);
        assertThat(next).isSameAs(seen.get(0));
        DecompressionScratch.giveArray(next);
        // and the batch still reads in full afterwards
        List<Long> offsets = new ArrayList<>();
        batch.forEachRecord(r -> offsets.add(r.offset()));
        assertThat(offsets).hasSize(records.size());
    }

    @Test
    void slotsArePowersOfTwoWithinBounds() {
        assertThat(DecompressionScratch.slots(1)).isEqualTo(2);
        assertThat(DecompressionScratch.slots(2)).isEqualTo(4);
        assertThat(DecompressionScratch.slots(3)).isEqualTo(8);
        assertThat(DecompressionScratch.slots(8)).isEqualTo(16);
        assertThat(DecompressionScratch.slots(256)).isEqualTo(16);
    }
}
