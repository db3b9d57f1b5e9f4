package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordTestSupport.randomRecords;
import static dev.asynckafka.internal.record.RecordTestSupport.writeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.internal.record.RecordTestSupport.Rec;
import dev.asynckafka.record.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Records of uncompressed batches are parsed straight from the array of a heap buffer, and through the
 * buffer's accessors otherwise (direct buffers): both must agree on every input, valid or damaged, down to
 * the error message.
 */
class RecordParserEquivalenceTest {
    private static final TopicPartition TP = new TopicPartition("eq", 1);

    @Test
    void heapAndDirectBuffersReadTheSameRecordsAndErrors() {
        int corrupt = 0;
        for (int input = 0; input < 4; input++) {
            List<Rec> records = randomRecords(100 + input, 20, 7, 80);
            byte[] original = RecordTestSupport.bytes(writeKafka((byte) 2, CompressionType.NONE, records, -1));
            for (int i = 0; i < 3_000; i++) {
                SplittableRandom random = new SplittableRandom(input * 1_000_003L + i);
                byte[] mutated = original.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) { // damage the records, not the batch header
                    int at = RecordBatchBuilder.BATCH_OVERHEAD
                            + random.nextInt(mutated.length - RecordBatchBuilder.BATCH_OVERHEAD);
                    mutated[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (mutated[at] ^ 0x80);
                }
                ByteBuf direct = Unpooled.directBuffer(mutated.length).writeBytes(mutated);
                try {
                    String heap = read(Unpooled.wrappedBuffer(mutated));
                    assertThat(read(direct))
                            .as("mutation %d of input %d", i, input)
                            .isEqualTo(heap);
                    if (heap.startsWith("corrupt:")) {
                        corrupt++;
                    }
                } finally {
                    direct.release();
                }
            }
        }
        assertThat(corrupt).isGreaterThan(1_000);
    }

    /** The records read, or the corruption reported, as text. */
    private static String read(ByteBuf buffer) {
        StringBuilder out = new StringBuilder();
        List<Rec> recs = new ArrayList<>();
        try {
            RecordBatchReader reader = RecordBatchReader.of(buffer, TP, false, 1 << 20);
            while (reader.hasNext()) {
                for (Iterator<Record> it = reader.next().records(); it.hasNext(); ) {
                    Record r = it.next();
                    recs.add(new Rec(
                            r.offset(),
                            r.timestamp(),
                            RecordTestSupport.bytes(r.key()),
                            RecordTestSupport.bytes(r.value()),
                            r.headers()));
                    out.append(java.util.Arrays.toString(RecordTestSupport.bytes(r.key())))
                            .append(java.util.Arrays.toString(RecordTestSupport.bytes(r.value())))
                            .append(java.util.Arrays.toString(r.headers()))
                            .append(r.controlType())
                            .append(' ');
                }
            }
        } catch (CorruptRecordException e) {
            return "corrupt: " + e.getMessage() + " after " + recs;
        }
        return out.append(recs).toString();
    }
}
