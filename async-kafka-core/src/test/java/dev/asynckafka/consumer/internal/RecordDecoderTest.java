package dev.asynckafka.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.RecordDeserializationException;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.record.ControlRecordType;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Deserializers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transaction filtering, fetch-offset skipping and error reporting of the record decoder. */
class RecordDecoderTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Header[] NO_HEADERS = new Header[0];

    private static ConsumerOptions options(boolean checkCrcs) {
        return ConsumerOptions.builder(ClientOptions.builder()
                        .bootstrapServers("localhost:9092")
                        .build())
                .checkCrcs(checkCrcs)
                .build();
    }

    private static RecordDecoder<String, String> decoder(boolean checkCrcs, Deserializer<String> values) {
        return new RecordDecoder<>(Deserializers.string(), values, options(checkCrcs));
    }

    private static ByteBuf data(long baseOffset, long producerId, boolean transactional, String... values) {
        RecordBatchBuilder b = RecordBatchBuilder.create(CompressionType.NONE, 1 << 20)
                .baseOffset(baseOffset)
                .producerState(producerId, (short) 0, 0)
                .transactional(transactional);
        for (String v : values) {
            b.tryAppend(1L, null, v.getBytes(StandardCharsets.UTF_8), NO_HEADERS);
        }
        return b.close();
    }

    private static ByteBuf marker(long offset, long producerId, ControlRecordType type) {
        RecordBatchBuilder b = RecordBatchBuilder.create(CompressionType.NONE, 1 << 20)
                .baseOffset(offset)
                .producerState(producerId, (short) 0, -1)
                .transactional(true)
                .control(true);
        b.tryAppend(
                1L, RecordBatchBuilder.controlKey(type), RecordBatchBuilder.endTransactionMarkerValue(0), NO_HEADERS);
        return b.close();
    }

    private static List<Long> offsets(DecodeResult<String, String> r) {
        return r.records().stream().map(ConsumerRecord::offset).toList();
    }

    @Test
    void readCommittedDropsAbortedTransactionsAndEveryControlBatch() {
        ByteBuf records = Unpooled.wrappedBuffer(
                data(0, 1, true, "aborted-0", "aborted-1"),
                data(2, 2, true, "committed-2", "committed-3"),
                data(4, -1, false, "plain-4"),
                marker(5, 1, ControlRecordType.ABORT),
                marker(6, 2, ControlRecordType.COMMIT),
                data(7, 1, true, "committed-7"),
                marker(8, 1, ControlRecordType.COMMIT));
        List<FetchResponse.AbortedTransaction> aborted =
                List.of(new FetchResponse.AbortedTransaction().setProducerId(1).setFirstOffset(0));

        DecodeResult<String, String> committed =
                decoder(true, Deserializers.string()).decode(TP, records, 0, aborted);
        assertThat(committed.error()).isNull();
        assertThat(offsets(committed)).containsExactly(2L, 3L, 4L, 7L);

        DecodeResult<String, String> uncommitted =
                decoder(true, Deserializers.string()).decode(TP, records, 0, null);
        assertThat(offsets(uncommitted)).containsExactly(0L, 1L, 2L, 3L, 4L, 7L);
    }

    @Test
    void recordsBeforeTheFetchOffsetInACompressedBatchAreSkipped() {
        RecordBatchBuilder b =
                RecordBatchBuilder.create(CompressionType.GZIP, 1 << 20).baseOffset(10);
        for (int i = 0; i < 5; i++) {
            b.tryAppend(1L, null, ("v" + i).getBytes(StandardCharsets.UTF_8), NO_HEADERS);
        }
        DecodeResult<String, String> r = decoder(true, Deserializers.string()).decode(TP, b.close(), 12, null);
        assertThat(offsets(r)).containsExactly(12L, 13L, 14L);
        assertThat(r.records()).extracting(ConsumerRecord::value).containsExactly("v2", "v3", "v4");
    }

    @Test
    void deserializationFailureKeepsTheRecordsBeforeItAndNamesTheOffset() {
        Deserializer<String> picky = (topic, bytes) -> {
            String s = Deserializers.string().deserialize(topic, bytes);
            if ("bad".equals(s)) {
                throw new IllegalStateException("no");
            }
            return s;
        };
        DecodeResult<String, String> r =
                decoder(true, picky).decode(TP, data(0, -1, false, "a", "b", "bad", "c"), 0, null);
        assertThat(offsets(r)).containsExactly(0L, 1L);
        assertThat(r.error()).isInstanceOf(RecordDeserializationException.class).hasMessageContaining("t-0");
        assertThat(r.errorOffset()).isEqualTo(2L);
    }

    @Test
    void corruptBatchFailsWithCrcChecksAndIsReadWithout() {
        ByteBuf good = data(0, -1, false, "a");
        ByteBuf bad = data(1, -1, false, "b");
        // The value byte (the last byte is the header count): "b" becomes "c".
        bad.setByte(bad.writerIndex() - 2, bad.getByte(bad.writerIndex() - 2) ^ 0x01);
        ByteBuf both = Unpooled.wrappedBuffer(good, bad);

        DecodeResult<String, String> checked =
                decoder(true, Deserializers.string()).decode(TP, both, 0, null);
        assertThat(offsets(checked)).containsExactly(0L);
        assertThat(checked.error()).isInstanceOf(CorruptRecordException.class).hasMessageContaining("t-0");
        assertThat(checked.errorOffset()).isEqualTo(1L);

        DecodeResult<String, String> unchecked =
                decoder(false, Deserializers.string()).decode(TP, both.duplicate(), 0, null);
        assertThat(unchecked.error()).isNull();
        assertThat(unchecked.records()).extracting(ConsumerRecord::value).containsExactly("a", "c");
    }
}
