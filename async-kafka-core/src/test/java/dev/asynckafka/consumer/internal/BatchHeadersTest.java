package dev.asynckafka.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The header walk that moves the fetch position before the data is decoded. */
class BatchHeadersTest {
    private static ByteBuf batch(long baseOffset, int records) {
        RecordBatchBuilder b =
                RecordBatchBuilder.create(CompressionType.NONE, 1 << 20).baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            b.tryAppend(1L, null, new byte[] {(byte) i}, new Header[0]);
        }
        return b.close();
    }

    @Test
    void findsTheOffsetAfterTheLastCompleteBatchAndStopsAtAPartialOne() {
        ByteBuf first = batch(5, 3);
        ByteBuf second = batch(8, 4);
        ByteBuf third = batch(12, 2);
        int complete = first.readableBytes() + second.readableBytes();
        ByteBuf all = Unpooled.wrappedBuffer(first, second, third.slice(0, third.readableBytes() - 3));

        BatchHeaders.Scan scan = BatchHeaders.scan(all, 5);
        assertThat(scan.problem()).isNull();
        assertThat(scan.completeBytes()).isEqualTo(complete);
        assertThat(scan.nextOffset()).isEqualTo(12L);
    }

    @Test
    void emptyAndTooShortInputHaveNoCompleteBatch() {
        assertThat(BatchHeaders.scan(Unpooled.EMPTY_BUFFER, 0).nextOffset()).isEqualTo(-1L);
        BatchHeaders.Scan partial = BatchHeaders.scan(batch(0, 1).slice(0, 20), 0);
        assertThat(partial.completeBytes()).isZero();
        assertThat(partial.problem()).isNull();
    }

    @Test
    void absurdLengthOrMagicIsAProblemAtTheRightOffset() {
        ByteBuf good = batch(0, 2);
        ByteBuf bad = batch(2, 1);
        bad.setInt(8, 3); // a length shorter than any batch
        BatchHeaders.Scan scan = BatchHeaders.scan(Unpooled.wrappedBuffer(good, bad), 0);
        assertThat(scan.problem()).contains("invalid size");
        assertThat(scan.problemOffset()).isEqualTo(2L);
        assertThat(scan.completeBytes()).isEqualTo(good.readableBytes());
        assertThat(scan.nextOffset()).isEqualTo(2L);

        ByteBuf magic = batch(0, 1);
        magic.setByte(16, 7);
        assertThat(BatchHeaders.scan(magic, 0).problem()).contains("unknown magic 7");
    }
}
