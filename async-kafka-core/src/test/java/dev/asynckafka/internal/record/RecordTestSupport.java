package dev.asynckafka.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.jspecify.annotations.Nullable;

/** Test data and conversions between our record model and kafka-clients'. */
final class RecordTestSupport {
    static final int LIMIT = 64 * 1024 * 1024;

    private RecordTestSupport() {}

    /** A record as appended, and as expected back. */
    record Rec(long offset, long timestamp, byte @Nullable [] key, byte @Nullable [] value, Header[] headers) {
        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Rec r
                    && offset == r.offset
                    && timestamp == r.timestamp
                    && Arrays.equals(key, r.key)
                    && Arrays.equals(value, r.value)
                    && Arrays.equals(headers, r.headers);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset);
        }

        @Override
        public String toString() {
            return "Rec(" + offset + ", " + timestamp + ", key=" + (key == null ? "null" : key.length) + ", value="
                    + (value == null ? "null" : value.length) + ", headers=" + Arrays.toString(headers) + ")";
        }

        Rec withOffset(long newOffset) {
            return new Rec(newOffset, timestamp, key, value, headers);
        }

        Rec withTimestamp(long newTimestamp) {
            return new Rec(offset, newTimestamp, key, value, headers);
        }
    }

    /** {@code count} records with offsets from {@code baseOffset}: null, empty and sized keys and values, headers. */
    static List<Rec> randomRecords(long seed, int count, long baseOffset, int maxValue) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Rec> records = new ArrayList<>(count);
        long timestamp = 1_700_000_000_000L + random.nextInt(1000);
        for (int i = 0; i < count; i++) {
            timestamp += random.nextInt(-5, 100);
            byte[] key = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> new byte[0];
                default -> bytes(random, random.nextInt(1, 40));
            };
            byte[] value = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> new byte[0];
                default -> bytes(random, random.nextInt(1, maxValue + 1));
            };
            Header[] headers = new Header[random.nextInt(4) == 0 ? random.nextInt(1, 4) : 0];
            for (int h = 0; h < headers.length; h++) {
                headers[h] =
                        new Header("h" + h + "-é", random.nextBoolean() ? null : bytes(random, random.nextInt(20)));
            }
            records.add(new Rec(baseOffset + i, timestamp, key, value, headers));
        }
        return records;
    }

    /** Compressible bytes: words from a small alphabet, like real payloads. */
    static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(8));
        }
        return b;
    }

    static ByteBuf writeOurs(CompressionType compression, List<Rec> records) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, Integer.MAX_VALUE)
                .baseOffset(records.get(0).offset());
        for (Rec r : records) {
            assertThat(builder.tryAppend(r.timestamp(), r.key(), r.value(), r.headers()))
                    .isTrue();
        }
        return builder.close();
    }

    static Compression kafkaCompression(CompressionType type) {
        return Compression.of(org.apache.kafka.common.record.CompressionType.forName(type.configName()))
                .build();
    }

    static MemoryRecordsBuilder kafkaBuilder(
            byte magic,
            CompressionType compression,
            long baseOffset,
            long logAppendTime,
            long producerId,
            short epoch,
            int sequence,
            boolean transactional) {
        return MemoryRecords.builder(
                ByteBuffer.allocate(1024),
                magic,
                kafkaCompression(compression),
                logAppendTime >= 0
                        ? org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                        : org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                baseOffset,
                logAppendTime,
                producerId,
                epoch,
                sequence,
                transactional,
                7);
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        org.apache.kafka.common.header.Header[] out = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            out[i] = new RecordHeader(headers[i].key(), headers[i].value());
        }
        return out;
    }

    static ByteBuf writeKafka(byte magic, CompressionType compression, List<Rec> records, long logAppendTime) {
        MemoryRecordsBuilder builder =
                kafkaBuilder(magic, compression, records.get(0).offset(), logAppendTime, -1, (short) -1, -1, false);
        for (Rec r : records) {
            if (magic < 2) {
                builder.append(r.timestamp(), r.key(), r.value());
            } else {
                builder.append(r.timestamp(), r.key(), r.value(), kafkaHeaders(r.headers()));
            }
        }
        return Unpooled.wrappedBuffer(builder.build().buffer());
    }

    /** Reads every record with our reader, copying keys and values out. */
    static List<Rec> readOurs(ByteBuf buffer, boolean checkCrcs, int limit) {
        List<Rec> out = new ArrayList<>();
        RecordBatchReader reader = RecordBatchReader.of(buffer, null, checkCrcs, limit);
        while (reader.hasNext()) {
            RecordBatch batch = reader.next();
            for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                Record r = it.next();
                out.add(new Rec(r.offset(), r.timestamp(), bytes(r.key()), bytes(r.value()), r.headers()));
            }
        }
        return out;
    }

    static byte @Nullable [] bytes(@Nullable ByteBuf buf) {
        return buf == null ? null : ByteBufUtil.getBytes(buf);
    }

    static byte @Nullable [] bytes(@Nullable ByteBuffer buf) {
        if (buf == null) {
            return null;
        }
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        return b;
    }

    /** Reads every record with kafka-clients, validating each batch. */
    static List<Rec> readKafka(ByteBuf buffer) {
        List<Rec> out = new ArrayList<>();
        MemoryRecords records = MemoryRecords.readableRecords(buffer.nioBuffer());
        for (org.apache.kafka.common.record.RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (org.apache.kafka.common.record.Record r : batch) {
                Header[] headers = new Header[r.headers().length];
                for (int i = 0; i < headers.length; i++) {
                    headers[i] = new Header(r.headers()[i].key(), r.headers()[i].value());
                }
                out.add(new Rec(r.offset(), r.timestamp(), bytes(r.key()), bytes(r.value()), headers));
            }
        }
        return out;
    }

    static String utf8(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
