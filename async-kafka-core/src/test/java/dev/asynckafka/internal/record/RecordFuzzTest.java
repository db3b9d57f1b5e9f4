package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordTestSupport.randomRecords;
import static dev.asynckafka.internal.record.RecordTestSupport.writeKafka;
import static dev.asynckafka.internal.record.RecordTestSupport.writeOurs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutates valid batches thousands of times (bit flips, random bytes, truncation, length fields, with and
 * without a recomputed checksum so that the record and codec parsers see the damage): every case must end
 * in a correct read or a {@link CorruptRecordException}, never another exception, a hang or an OOM.
 */
class RecordFuzzTest {
    private static final int MUTATIONS_PER_INPUT = 4_000;
    private static final int LIMIT = 4 * 1024 * 1024;
    private static final TopicPartition TP = new TopicPartition("fuzz", 0);

    private static List<ByteBuf> inputs() {
        List<ByteBuf> inputs = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            List<Rec> records = randomRecords(type.ordinal(), 25, 100, 120);
            inputs.add(writeOurs(type, records));
            inputs.add(writeKafka((byte) 2, type, records, -1));
        }
        for (byte magic : new byte[] {0, 1}) {
            for (CompressionType type :
                    List.of(CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4)) {
                List<Rec> records = randomRecords(magic * 7 + type.ordinal(), 8, 0, 60);
                inputs.add(writeKafka(magic, type, records, -1));
            }
        }
        return inputs;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedBatchesEndInACorruptRecordExceptionOrACorrectRead() {
        int corrupt = 0;
        int read = 0;
        int seedBase = 0;
        for (ByteBuf input : inputs()) {
            byte[] original = RecordTestSupport.bytes(input);
            for (int i = 0; i < MUTATIONS_PER_INPUT; i++) {
                long seed = seedBase * 1_000_003L + i;
                SplittableRandom random = new SplittableRandom(seed);
                byte[] mutated = mutate(original, random);
                boolean checkCrcs = random.nextBoolean();
                try {
                    consume(Unpooled.wrappedBuffer(mutated), checkCrcs);
                    read++;
                } catch (CorruptRecordException e) {
                    assertThat(e.getMessage()).contains("fuzz-0");
                    corrupt++;
                } catch (Throwable t) {
                    fail(
                            "input " + seedBase + ", mutation seed " + seed + " (checkCrcs " + checkCrcs + ") threw "
                                    + t,
                            t);
                }
            }
            seedBase++;
        }
        System.out.println("fuzz: " + corrupt + " corrupt, " + read + " read");
        assertThat(corrupt).isGreaterThan(10_000);
        assertThat(read).isGreaterThan(100);
    }

    private static void consume(ByteBuf buffer, boolean checkCrcs) {
        RecordBatchReader reader = RecordBatchReader.of(buffer, TP, checkCrcs, LIMIT);
        while (reader.hasNext()) {
            RecordBatch batch = reader.next();
            batch.baseOffset();
            batch.lastOffset();
            batch.recordCount();
            batch.maxTimestamp();
            for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                Record r = it.next();
                RecordTestSupport.bytes(r.key());
                RecordTestSupport.bytes(r.value());
                r.headers();
                r.controlType();
            }
        }
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        int kind = random.nextInt(7);
        switch (kind) {
            case 0 -> { // bit flips
                for (int n = random.nextInt(1, 4); n > 0; n--) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 2 -> { // truncation
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 3 -> { // the batch length field
                int length = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt();
                    case 1 -> readInt(b, 8) + random.nextInt(-70, 70);
                    case 2 -> Integer.MAX_VALUE;
                    default -> -1;
                };
                writeInt(b, 8, length);
            }
            case 4 -> { // a varint-looking run in the records
                int at = random.nextInt(Math.min(61, b.length - 1), b.length);
                for (int i = at; i < Math.min(b.length, at + random.nextInt(1, 11)); i++) {
                    b[i] = (byte) (random.nextBoolean() ? 0xff : 0x80 | random.nextInt(128));
                }
            }
            case 5 -> { // header fields of the batch: counts, deltas, attributes
                int[] fields = {21, 22, 23, 57, 58, 59, 60, 17};
                int at = fields[random.nextInt(fields.length)];
                if (at < b.length) {
                    b[at] = (byte) random.nextInt(256);
                }
            }
            default -> { // damage past the header, then fix the checksum so that the parsers see it
                int from = Math.min(61, b.length - 1);
                for (int n = random.nextInt(1, 4); n > 0; n--) {
                    int at = random.nextInt(from, b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                fixChecksum(b);
            }
        }
        return b;
    }

    private static void fixChecksum(byte[] b) {
        int size = 12 + readInt(b, 8);
        if (size > b.length || size < 22) {
            return;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(b);
        if (b[16] == 2 && size >= 61) {
            writeInt(b, 17, Checksums.crc32c(buf, 21, size - 21));
        } else if (b[16] < 2) {
            writeInt(b, 12, Checksums.crc32(buf, 16, size - 16));
        }
    }

    private static int readInt(byte[] b, int at) {
        return Unpooled.wrappedBuffer(b).getInt(at);
    }

    private static void writeInt(byte[] b, int at, int value) {
        Unpooled.wrappedBuffer(b).setInt(at, value);
    }
}
