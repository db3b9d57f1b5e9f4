package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordTestSupport.LIMIT;
import static dev.asynckafka.internal.record.RecordTestSupport.randomRecords;
import static dev.asynckafka.internal.record.RecordTestSupport.readOurs;
import static dev.asynckafka.internal.record.RecordTestSupport.writeKafka;
import static dev.asynckafka.internal.record.RecordTestSupport.writeOurs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import dev.asynckafka.internal.record.RecordTestSupport.Rec;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reader edge cases, corruption reporting, bounded decompression and the builder's limits. */
class RecordBatchReaderTest {
    private static final TopicPartition TP = new TopicPartition("orders", 3);

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aPartialTrailingBatchStopsCleanly(CompressionType type) {
        List<Rec> first = randomRecords(1, 20, 0, 100);
        List<Rec> second = randomRecords(2, 20, 20, 100);
        ByteBuf a = writeOurs(type, first);
        ByteBuf b = writeOurs(type, second);
        for (int cut : new int[] {1, 11, 12, 16, 17, 60, 61, b.readableBytes() - 1}) {
            ByteBuf fetch = Unpooled.wrappedBuffer(a.duplicate(), b.slice(0, cut));
            RecordBatchReader reader = RecordBatchReader.of(fetch, TP, true, LIMIT);
            assertThat(reader.next().recordCount()).isEqualTo(20);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.hasPartialTrailingBatch()).isTrue();
            assertThat(readOurs(fetch, true, LIMIT)).containsExactlyElementsOf(first);
        }
        RecordBatchReader whole = RecordBatchReader.of(Unpooled.wrappedBuffer(a, b), TP, true, LIMIT);
        whole.next();
        whole.next();
        assertThat(whole.hasNext()).isFalse();
        assertThat(whole.hasPartialTrailingBatch()).isFalse();
    }

    @Test
    void readingLeavesTheInputIndicesAlone() {
        ByteBuf batch = writeOurs(CompressionType.NONE, randomRecords(1, 5, 0, 10));
        int reader = batch.readerIndex();
        int writer = batch.writerIndex();
        readOurs(batch, true, LIMIT);
        assertThat(batch.readerIndex()).isEqualTo(reader);
        assertThat(batch.writerIndex()).isEqualTo(writer);
    }

    @Test
    void uncompressedKeysAndValuesAreSlicesOfTheInput() {
        ByteBuf batch = writeOurs(
                CompressionType.NONE, List.of(new Rec(0, 1, new byte[] {1}, new byte[] {2, 3}, new Header[0])));
        Record record =
                RecordBatchReader.of(batch, TP, true, LIMIT).next().records().next();
        ByteBuf value = record.value();
        assertThat(value).isNotNull();
        assertThat(value.unwrap()).isSameAs(batch.unwrap() == null ? batch : batch.unwrap());
    }

    @Test
    void aBadCrcNamesPartitionAndOffset() {
        ByteBuf batch = writeOurs(CompressionType.NONE, randomRecords(1, 5, 1234, 10));
        batch.setByte(batch.writerIndex() - 1, batch.getByte(batch.writerIndex() - 1) ^ 0x40);
        assertThatThrownBy(() -> RecordBatchReader.of(batch, TP, true, LIMIT).next())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("orders-3")
                .hasMessageContaining("offset 1234")
                .hasMessageContaining("CRC-32C mismatch");
        // without check.crcs the batch is read; the flipped bit lands in the last record's data
        assertThat(RecordBatchReader.of(batch, TP, false, LIMIT).next().recordCount())
                .isEqualTo(5);
    }

    @Test
    void impossibleLengthsUnknownMagicAndCodecAreCorrupt() {
        ByteBuf batch = writeOurs(CompressionType.NONE, randomRecords(1, 5, 7, 10));
        ByteBuf shortLength = batch.copy().setInt(8, 20);
        assertThatThrownBy(
                        () -> RecordBatchReader.of(shortLength, TP, true, LIMIT).hasNext())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("below the minimum");
        ByteBuf badMagic = batch.copy().setByte(16, 3);
        assertThatThrownBy(() -> RecordBatchReader.of(badMagic, TP, true, LIMIT).hasNext())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unknown magic 3");
        ByteBuf badCodec = batch.copy().setShort(21, 6);
        assertThatThrownBy(
                        () -> RecordBatchReader.of(badCodec, TP, false, LIMIT).next())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unknown compression codec id 6");
        ByteBuf badCount = batch.copy().setInt(57, 6);
        assertThatThrownBy(() -> readOurs(badCount, false, LIMIT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("5 of 6 declared records");
        ByteBuf fewer = batch.copy().setInt(57, 4);
        assertThatThrownBy(() -> readOurs(fewer, false, LIMIT))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("after the declared 4 records");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void decompressionIsBoundedAgainstZipBombs(CompressionType type) {
        if (type == CompressionType.NONE) {
            return;
        }
        // 64 MiB of zeros compresses to little; declared limit 1 MiB: a clear error, no 64 MiB allocation
        RecordBatchBuilder builder = RecordBatchBuilder.create(type, Integer.MAX_VALUE);
        byte[] zeros = new byte[8 * 1024 * 1024];
        for (int i = 0; i < 8; i++) {
            builder.tryAppend(0, null, zeros, new Header[0]);
        }
        ByteBuf bomb = builder.close();
        assertThat(bomb.readableBytes()).isLessThan(4 * 1024 * 1024); // snappy: ~21:1 at best
        RecordBatch batch = RecordBatchReader.of(bomb, TP, true, 1024 * 1024).next();
        assertThatThrownBy(batch::records)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("orders-3")
                .hasMessageContaining("more than the limit of 1048576 bytes");
        // the same batch within a large enough limit reads
        assertThat(readOurs(bomb, true, 65 * 1024 * 1024)).hasSize(8);
    }

    @Test
    void legacyZipBombsAreBoundedToo() {
        byte[] zeros = new byte[4 * 1024 * 1024];
        List<Rec> records =
                List.of(new Rec(0, -1, null, zeros, new Header[0]), new Rec(1, -1, null, zeros, new Header[0]));
        ByteBuf set = writeKafka((byte) 0, CompressionType.GZIP, records, -1);
        assertThatThrownBy(() ->
                        RecordBatchReader.of(set, TP, true, 1024 * 1024).next().records())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("more than the limit");
    }

    @Test
    void snappyIsReadRawAsWellAsFramed() throws Exception {
        byte[] data = RecordTestSupport.bytes(new java.util.SplittableRandom(1), 100_000);
        byte[] raw = org.xerial.snappy.Snappy.compress(data);
        ByteBuf out = Codecs.decompress(CompressionType.SNAPPY, Unpooled.wrappedBuffer(raw), 2, 10, LIMIT, "t");
        assertThat(RecordTestSupport.bytes(out)).isEqualTo(data);
        ByteBuf framed = Unpooled.buffer();
        Codecs.compress(CompressionType.SNAPPY, Unpooled.wrappedBuffer(data), framed);
        java.io.ByteArrayOutputStream viaStream = new java.io.ByteArrayOutputStream();
        try (org.xerial.snappy.SnappyInputStream in =
                new org.xerial.snappy.SnappyInputStream(new io.netty.buffer.ByteBufInputStream(framed))) {
            in.transferTo(viaStream);
        }
        assertThat(viaStream.toByteArray()).isEqualTo(data);
    }

    @Test
    void aMissingOptionalCodecNamesTheArtifact() {
        assertThatThrownBy(() -> Codecs.requireClass(
                        "org.xerial.snappy.NoSuchSnappy", CompressionType.SNAPPY, Codecs.SNAPPY_ARTIFACT))
                .isInstanceOf(UnsupportedCompressionTypeException.class)
                .hasMessageContaining("org.xerial.snappy:snappy-java");
        assertThatThrownBy(() ->
                        Codecs.requireClass("com.github.luben.zstd.Nope", CompressionType.ZSTD, Codecs.ZSTD_ARTIFACT))
                .isInstanceOf(UnsupportedCompressionTypeException.class)
                .hasMessageContaining("com.github.luben:zstd-jni");
        Codecs.requireLibrary(CompressionType.SNAPPY);
        Codecs.requireLibrary(CompressionType.ZSTD);
    }

    @Test
    void compressionTypeIdsAndNames() {
        for (CompressionType type : CompressionType.values()) {
            assertThat(CompressionType.forId(type.id())).isEqualTo(type);
            assertThat(CompressionType.forName(type.configName().toUpperCase(java.util.Locale.ROOT)))
                    .isEqualTo(type);
            assertThat(org.apache.kafka.common.record.CompressionType.forId(type.id()).name)
                    .isEqualTo(type.configName());
        }
        assertThatThrownBy(() -> CompressionType.forId(5)).isInstanceOf(UnsupportedCompressionTypeException.class);
        assertThatThrownBy(() -> CompressionType.forName("brotli"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, gzip, snappy, lz4, zstd");
    }

    @Test
    void theBuilderRespectsItsWriteLimitExceptForTheFirstRecord() {
        RecordBatchBuilder builder = RecordBatchBuilder.create(CompressionType.LZ4, 1000);
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.tryAppend(1, null, new byte[5000], new Header[0])).isTrue();
        assertThat(builder.tryAppend(1, null, new byte[1], new Header[0])).isFalse();
        assertThat(builder.recordCount()).isEqualTo(1);

        RecordBatchBuilder small = RecordBatchBuilder.create(CompressionType.NONE, 1000);
        int appended = 0;
        while (small.tryAppend(appended, new byte[3], new byte[50], new Header[] {new Header("a", null)})) {
            appended++;
            assertThat(small.estimatedSizeInBytes()).isLessThanOrEqualTo(1000);
        }
        ByteBuf batch = small.close();
        assertThat(batch.readableBytes())
                .isEqualTo(small.estimatedSizeInBytes())
                .isLessThanOrEqualTo(1000);
        assertThat(small.close().readableBytes()).isEqualTo(batch.readableBytes());
        assertThat(RecordBatchReader.of(batch, TP, true, LIMIT).next().recordCount())
                .isEqualTo(appended);
        assertThatThrownBy(() -> small.tryAppend(0, null, null, new Header[0]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordSizeUpperBoundCoversTheWorstCase() {
        byte[] key = new byte[10];
        byte[] value = new byte[300];
        Header[] headers = {new Header("trace", new byte[16])};
        RecordBatchBuilder builder = RecordBatchBuilder.create(CompressionType.NONE, Integer.MAX_VALUE);
        builder.tryAppend(0, null, null, new Header[0]);
        int before = builder.estimatedSizeInBytes();
        builder.tryAppend(Long.MAX_VALUE / 2, key, value, headers); // a large timestamp delta
        assertThat(builder.estimatedSizeInBytes() - before)
                .isLessThanOrEqualTo(RecordBatchBuilder.recordSizeUpperBound(key, value, headers));
        assertThat(RecordBatchBuilder.batchSizeUpperBound(key, value, headers))
                .isEqualTo(RecordBatchBuilder.BATCH_OVERHEAD
                        + RecordBatchBuilder.recordSizeUpperBound(key, value, headers));
    }
}
