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
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Legacy message sets (magic 0 and 1) written by kafka-clients' builders read correctly. */
class LegacyRecordsTest {

    static Stream<Arguments> magicsAndCodecs() {
        List<Arguments> cases = new ArrayList<>();
        for (byte magic : new byte[] {0, 1}) {
            for (CompressionType type :
                    List.of(CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4)) {
                cases.add(Arguments.of(magic, type));
            }
        }
        return cases.stream();
    }

    /** Legacy messages carry no headers, and magic 0 no timestamp. */
    private static List<Rec> expected(List<Rec> records, byte magic) {
        return records.stream()
                .map(r -> new Rec(r.offset(), magic == 0 ? -1 : r.timestamp(), r.key(), r.value(), new Header[0]))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("magicsAndCodecs")
    void readsLegacyMessageSets(byte magic, CompressionType type) {
        List<Rec> records = expected(randomRecords(magic * 10 + type.ordinal(), 300, 5000, 500), magic);
        ByteBuf set = writeKafka(magic, type, records, -1);

        assertThat(readOurs(set, true, LIMIT)).containsExactlyElementsOf(records);

        RecordBatchReader reader = RecordBatchReader.of(set, null, true, LIMIT);
        RecordBatch first = reader.next();
        assertThat(first.magic()).isEqualTo(magic);
        assertThat(first.compression()).isEqualTo(type);
        assertThat(first.producerId()).isEqualTo(-1);
        assertThat(first.isTransactional()).isFalse();
        assertThat(first.isControl()).isFalse();
        assertThat(first.baseOffset()).isEqualTo(5000);
        if (type == CompressionType.NONE) {
            assertThat(first.recordCount()).isEqualTo(1);
            assertThat(first.lastOffset()).isEqualTo(5000);
        } else {
            // one wrapper holding every inner message
            assertThat(first.recordCount()).isEqualTo(300);
            assertThat(first.lastOffset()).isEqualTo(5299);
            assertThat(first.nextOffset()).isEqualTo(5300);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("magicsAndCodecs")
    void logAppendTimeOfMagic1WrappersAppliesToInnerMessages(byte magic, CompressionType type) {
        if (magic == 0) {
            return;
        }
        List<Rec> records = expected(randomRecords(3, 20, 0, 50), magic);
        ByteBuf set = writeKafka(magic, type, records, 99_999L);
        RecordBatch batch = RecordBatchReader.of(set, null, true, LIMIT).next();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(readOurs(set, true, LIMIT))
                .containsExactlyElementsOf(
                        records.stream().map(r -> r.withTimestamp(99_999L)).toList());
    }

    @Test
    void aFetchMixingLegacyAndCurrentBatches() {
        List<Rec> v0 = expected(randomRecords(1, 10, 0, 50), (byte) 0);
        List<Rec> v1 = expected(randomRecords(2, 10, 10, 50), (byte) 1);
        List<Rec> v2 = randomRecords(3, 10, 20, 50);
        ByteBuf fetch = Unpooled.wrappedBuffer(
                writeKafka((byte) 0, CompressionType.GZIP, v0, -1),
                writeKafka((byte) 1, CompressionType.LZ4, v1, -1),
                RecordTestSupport.writeOurs(CompressionType.SNAPPY, v2));
        List<Rec> all = new ArrayList<>(v0);
        all.addAll(v1);
        all.addAll(v2);
        assertThat(readOurs(fetch, true, LIMIT)).containsExactlyElementsOf(all);
    }

    @Test
    void magic0Lz4FramesWithKafkasHistoricHeaderChecksumAreRead() {
        // kafka-clients' magic 0 lz4 writer hashes the frame magic into the header checksum, as it always did
        List<Rec> records = expected(randomRecords(4, 5, 0, 50), (byte) 0);
        ByteBuf set = writeKafka((byte) 0, CompressionType.LZ4, records, -1);
        assertThat(readOurs(set, true, LIMIT)).containsExactlyElementsOf(records);
    }

    @Test
    void theHistoricLz4HeaderChecksumIsRefusedOutsideMagic0() {
        ByteBuf frame = Unpooled.buffer();
        Codecs.compress(CompressionType.LZ4, Unpooled.wrappedBuffer(new byte[100]), frame);
        byte[] broken = new byte[frame.readableBytes()];
        frame.getBytes(0, broken);
        // the checksum over magic + FLG + BD instead of FLG + BD
        broken[6] = (byte)
                ((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(broken, 0, 6, 0) >> 8));
        assertThat(Codecs.decompress(CompressionType.LZ4, Unpooled.wrappedBuffer(broken), 0, 100, 1000, "t")
                        .readableBytes())
                .isEqualTo(100);
        assertThatThrownBy(
                        () -> Codecs.decompress(CompressionType.LZ4, Unpooled.wrappedBuffer(broken), 1, 100, 1000, "t"))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("header checksum");
    }

    @Test
    void legacyCrcMismatchIsCorrupt() {
        List<Rec> records = expected(randomRecords(4, 1, 0, 50), (byte) 1);
        ByteBuf set = writeKafka((byte) 1, CompressionType.NONE, records, -1);
        set.setByte(set.writerIndex() - 1, set.getByte(set.writerIndex() - 1) ^ 1);
        assertThatThrownBy(() -> readOurs(set, true, LIMIT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC-32 mismatch")
                .hasMessageContaining("offset 0");
        assertThat(readOurs(set, false, LIMIT)).hasSize(1);
    }
}
