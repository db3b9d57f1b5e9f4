package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordBatchBuilder.ATTRIBUTES_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.BASE_SEQUENCE_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.BASE_TIMESTAMP_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.BATCH_OVERHEAD;
import static dev.asynckafka.internal.record.RecordBatchBuilder.CONTROL_FLAG;
import static dev.asynckafka.internal.record.RecordBatchBuilder.CRC_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.LAST_OFFSET_DELTA_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.LEADER_EPOCH_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.MAX_TIMESTAMP_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.PRODUCER_EPOCH_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.PRODUCER_ID_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.RECORD_COUNT_OFFSET;
import static dev.asynckafka.internal.record.RecordBatchBuilder.TIMESTAMP_TYPE_FLAG;
import static dev.asynckafka.internal.record.RecordBatchBuilder.TRANSACTIONAL_FLAG;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.ProtocolDecodeException;
import dev.asynckafka.internal.protocol.ProtocolCodec;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A magic 2 record batch, read in place from the fetched buffer. */
final class DefaultBatch implements RecordBatch {
    /** The smallest record: length, attributes, timestamp delta, offset delta, key, value, header count. */
    private static final int MIN_RECORD_SIZE = 7;

    private final ByteBuf buffer;
    private final int start;
    private final int size;
    private final @Nullable TopicPartition partition;
    private final int maxDecompressedBatchBytes;
    private final int attributes;
    private final CompressionType compression;
    private final int recordCount;

    DefaultBatch(
            ByteBuf buffer,
            int start,
            int size,
            @Nullable TopicPartition partition,
            boolean checkCrc,
            int maxDecompressedBatchBytes) {
        this.buffer = buffer;
        this.start = start;
        this.size = size;
        this.partition = partition;
        this.maxDecompressedBatchBytes = maxDecompressedBatchBytes;
        long baseOffset = buffer.getLong(start);
        if (checkCrc) {
            int stored = buffer.getInt(start + CRC_OFFSET);
            int computed = Checksums.crc32c(buffer, start + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
            if (stored != computed) {
                throw RecordBatchReader.corrupt(
                        partition,
                        baseOffset,
                        "CRC-32C mismatch: stored " + Integer.toUnsignedString(stored) + ", computed "
                                + Integer.toUnsignedString(computed));
            }
        }
        this.attributes = buffer.getShort(start + ATTRIBUTES_OFFSET);
        int codec = attributes & 0x07;
        if (codec > CompressionType.ZSTD.id()) {
            throw RecordBatchReader.corrupt(partition, baseOffset, "unknown compression codec id " + codec);
        }
        this.compression = CompressionType.forId(codec);
        this.recordCount = buffer.getInt(start + RECORD_COUNT_OFFSET);
        if (recordCount < 0) {
            throw RecordBatchReader.corrupt(partition, baseOffset, "negative record count " + recordCount);
        }
        if (compression == CompressionType.NONE && (long) recordCount * MIN_RECORD_SIZE > size - BATCH_OVERHEAD) {
            throw RecordBatchReader.corrupt(
                    partition, baseOffset, "record count " + recordCount + " cannot fit in " + size + " bytes");
        }
        if (buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET) < 0) {
            throw RecordBatchReader.corrupt(partition, baseOffset, "negative last offset delta");
        }
    }

    @Override
    public byte magic() {
        return 2;
    }

    @Override
    public long baseOffset() {
        return buffer.getLong(start);
    }

    @Override
    public long lastOffset() {
        return baseOffset() + buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    @Override
    public long nextOffset() {
        return lastOffset() + 1;
    }

    @Override
    public int partitionLeaderEpoch() {
        return buffer.getInt(start + LEADER_EPOCH_OFFSET);
    }

    @Override
    public CompressionType compression() {
        return compression;
    }

    @Override
    public TimestampType timestampType() {
        return (attributes & TIMESTAMP_TYPE_FLAG) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    @Override
    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    @Override
    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    @Override
    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    @Override
    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    @Override
    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    @Override
    public boolean isTransactional() {
        return (attributes & TRANSACTIONAL_FLAG) != 0;
    }

    @Override
    public boolean isControl() {
        return (attributes & CONTROL_FLAG) != 0;
    }

    @Override
    public int recordCount() {
        return recordCount;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public Iterator<Record> records() {
        if (compression == CompressionType.NONE) {
            return iterator(uncompressedRecords());
        }
        BoundedOutput out = decompress();
        try {
            return iterator(out.toByteBuf());
        } finally {
            out.release();
        }
    }

    @Override
    public void forEachRecord(Consumer<? super Record> action) {
        if (compression == CompressionType.NONE) {
            iterator(uncompressedRecords()).forEachRemaining(action);
            return;
        }
        BoundedOutput out = decompress();
        try {
            iterator(out.view()).forEachRemaining(action);
        } finally {
            out.release();
        }
    }

    private ByteBuf uncompressedRecords() {
        int recordsStart = start + BATCH_OVERHEAD;
        return buffer.duplicate().setIndex(recordsStart, start + size);
    }

    private BoundedOutput decompress() {
        int recordsStart = start + BATCH_OVERHEAD;
        int recordsLength = size - BATCH_OVERHEAD;
        long expected = Math.max((long) recordCount * MIN_RECORD_SIZE, recordsLength * 4L);
        return Codecs.decompressToScratch(
                compression,
                buffer.slice(recordsStart, recordsLength),
                2,
                (int) Math.min(expected, maxDecompressedBatchBytes),
                maxDecompressedBatchBytes,
                RecordBatchReader.where(partition, baseOffset()));
    }

    private Iterator<Record> iterator(ByteBuf source) {
        return source.hasArray() ? new ArrayRecordIterator(source) : new RecordIterator(source);
    }

    @Override
    public String toString() {
        return "RecordBatch(magic=2, offsets=" + baseOffset() + ".." + lastOffset() + ", records=" + recordCount + ", "
                + compression.configName() + ", " + size + " bytes)";
    }

    /** Reads records from {@code source}'s readable bytes, bounding each read by the record's length. */
    private final class RecordIterator implements Iterator<Record> {
        private final ByteBuf source;
        private final int end;
        private final long baseOffset;
        private final long baseTimestamp;
        private final boolean logAppendTime;
        private final boolean control;
        private int read;

        RecordIterator(ByteBuf source) {
            this.source = source;
            this.end = source.writerIndex();
            this.baseOffset = baseOffset();
            this.baseTimestamp = timestampType() == TimestampType.LOG_APPEND_TIME ? maxTimestamp() : baseTimestamp();
            this.logAppendTime = timestampType() == TimestampType.LOG_APPEND_TIME;
            this.control = isControl();
        }

        @Override
        public boolean hasNext() {
            if (read < recordCount) {
                return true;
            }
            if (source.readerIndex() != end) {
                throw corrupt(
                        baseOffset + read,
                        (end - source.readerIndex()) + " bytes after the declared " + recordCount + " records");
            }
            return false;
        }

        @Override
        public Record next() {
            if (read >= recordCount) {
                throw new NoSuchElementException();
            }
            ByteBuf in = source;
            try {
                if (!in.isReadable()) {
                    throw corrupt(baseOffset + read, "only " + read + " of " + recordCount + " declared records");
                }
                int length = ProtocolCodec.readVarint(in, "record length");
                if (length < 0 || length > in.readableBytes()) {
                    throw corrupt(baseOffset + read, "record length " + length + " out of bounds");
                }
                int recordEnd = in.readerIndex() + length;
                in.writerIndex(recordEnd); // every read below is bounded by this record
                if (!in.isReadable()) {
                    throw corrupt(baseOffset + read, "empty record");
                }
                in.skipBytes(1); // attributes: unused
                long timestampDelta = ProtocolCodec.readVarlong(in, "timestamp delta");
                int offsetDelta = ProtocolCodec.readVarint(in, "offset delta");
                long offset = baseOffset + offsetDelta;
                int keyLength = readLength(in, offset, "key");
                int keyIndex = in.readerIndex();
                in.skipBytes(Math.max(keyLength, 0));
                int valueLength = readLength(in, offset, "value");
                int valueIndex = in.readerIndex();
                in.skipBytes(Math.max(valueLength, 0));
                Header[] headers = readHeaders(in, offset);
                if (in.isReadable()) {
                    throw corrupt(offset, in.readableBytes() + " bytes left over in the record");
                }
                in.writerIndex(end);
                read++;
                long timestamp = logAppendTime ? baseTimestamp : baseTimestamp + timestampDelta;
                return new ReadRecord(
                        offset, timestamp, in, keyIndex, keyLength, valueIndex, valueLength, headers, control);
            } catch (ProtocolDecodeException e) {
                throw new CorruptRecordException(
                        RecordBatchReader.where(partition, baseOffset) + ": record at offset delta " + read + ": "
                                + e.getMessage(),
                        e);
            }
        }

        private int readLength(ByteBuf in, long offset, String what) {
            int length = ProtocolCodec.readVarint(in, what + " length");
            if (length < -1 || length > in.readableBytes()) {
                throw corrupt(offset, what + " length " + length + " out of bounds");
            }
            return length;
        }

        private Header[] readHeaders(ByteBuf in, long offset) {
            int count = ProtocolCodec.readVarint(in, "header count");
            if (count < 0 || count > in.readableBytes() / 2) {
                throw corrupt(offset, "header count " + count + " out of bounds");
            }
            if (count == 0) {
                return ReadRecord.NO_HEADERS;
            }
            Header[] headers = new Header[count];
            for (int i = 0; i < count; i++) {
                int keyLength = ProtocolCodec.readVarint(in, "header key length");
                if (keyLength < 0 || keyLength > in.readableBytes()) {
                    throw corrupt(offset, "header key length " + keyLength + " out of bounds");
                }
                String key = in.toString(in.readerIndex(), keyLength, StandardCharsets.UTF_8);
                in.skipBytes(keyLength);
                int valueLength = readLength(in, offset, "header value");
                byte[] value = null;
                if (valueLength >= 0) {
                    value = new byte[valueLength];
                    in.readBytes(value);
                }
                headers[i] = new Header(key, value);
            }
            return headers;
        }

        private CorruptRecordException corrupt(long offset, String what) {
            return new CorruptRecordException(
                    RecordBatchReader.where(partition, baseOffset) + ": record at offset " + offset + ": " + what);
        }
    }

    /**
     * {@link RecordIterator} for sources backed by a heap array (every decompressed batch): the same checks
     * and errors, reading the array directly instead of through the buffer's checked accessors.
     */
    private final class ArrayRecordIterator implements Iterator<Record> {
        private final ByteBuf source;
        private final byte[] a;
        /** The array index of the source's index 0. */
        private final int base;

        private final int end;
        private final long baseOffset;
        private final long baseTimestamp;
        private final boolean logAppendTime;
        private final boolean control;
        private int p;
        private int read;

        ArrayRecordIterator(ByteBuf source) {
            this.source = source;
            this.a = source.array();
            this.base = source.arrayOffset();
            this.p = base + source.readerIndex();
            this.end = base + source.writerIndex();
            this.baseOffset = baseOffset();
            this.logAppendTime = timestampType() == TimestampType.LOG_APPEND_TIME;
            this.baseTimestamp = logAppendTime ? maxTimestamp() : baseTimestamp();
            this.control = isControl();
        }

        @Override
        public boolean hasNext() {
            if (read < recordCount) {
                return true;
            }
            if (p != end) {
                throw corrupt(baseOffset + read, (end - p) + " bytes after the declared " + recordCount + " records");
            }
            return false;
        }

        @Override
        public Record next() {
            if (read >= recordCount) {
                throw new NoSuchElementException();
            }
            if (p >= end) {
                throw corrupt(baseOffset + read, "only " + read + " of " + recordCount + " declared records");
            }
            int length = readVarint(end, "record length");
            if (length < 0 || length > end - p) {
                throw corrupt(baseOffset + read, "record length " + length + " out of bounds");
            }
            int recordEnd = p + length; // every read below is bounded by this record
            if (length == 0) {
                throw corrupt(baseOffset + read, "empty record");
            }
            p++; // attributes: unused
            long timestampDelta = readVarlong(recordEnd, "timestamp delta");
            int offsetDelta = readVarint(recordEnd, "offset delta");
            long offset = baseOffset + offsetDelta;
            int keyLength = readLength(recordEnd, offset, "key");
            int keyIndex = p - base;
            p += Math.max(keyLength, 0);
            int valueLength = readLength(recordEnd, offset, "value");
            int valueIndex = p - base;
            p += Math.max(valueLength, 0);
            Header[] headers = readHeaders(recordEnd, offset);
            if (p != recordEnd) {
                throw corrupt(offset, (recordEnd - p) + " bytes left over in the record");
            }
            read++;
            long timestamp = logAppendTime ? baseTimestamp : baseTimestamp + timestampDelta;
            return new ReadRecord(
                    offset, timestamp, source, keyIndex, keyLength, valueIndex, valueLength, headers, control);
        }

        private int readLength(int limit, long offset, String what) {
            int length = readVarint(limit, what + " length");
            if (length < -1 || length > limit - p) {
                throw corrupt(offset, what + " length " + length + " out of bounds");
            }
            return length;
        }

        private Header[] readHeaders(int limit, long offset) {
            int count = readVarint(limit, "header count");
            if (count == 0) {
                return ReadRecord.NO_HEADERS;
            }
            if (count < 0 || count > (limit - p) / 2) {
                throw corrupt(offset, "header count " + count + " out of bounds");
            }
            Header[] headers = new Header[count];
            for (int i = 0; i < count; i++) {
                int keyLength = readVarint(limit, "header key length");
                if (keyLength < 0 || keyLength > limit - p) {
                    throw corrupt(offset, "header key length " + keyLength + " out of bounds");
                }
                String key = new String(a, p, keyLength, StandardCharsets.UTF_8);
                p += keyLength;
                int valueLength = readLength(limit, offset, "header value");
                byte[] value = null;
                if (valueLength >= 0) {
                    value = Arrays.copyOfRange(a, p, p + valueLength);
                    p += valueLength;
                }
                headers[i] = new Header(key, value);
            }
            return headers;
        }

        /** A zigzag varint of at most 5 bytes, all before {@code limit}. */
        private int readVarint(int limit, String what) {
            int raw = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (p >= limit) {
                    throw malformed("truncated varint reading " + what);
                }
                byte b = a[p++];
                raw |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw malformed("varint longer than 5 bytes reading " + what);
        }

        /** A zigzag varlong of at most 10 bytes, all before {@code limit}. */
        private long readVarlong(int limit, String what) {
            long raw = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (p >= limit) {
                    throw malformed("truncated varlong reading " + what);
                }
                byte b = a[p++];
                raw |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw malformed("varlong longer than 10 bytes reading " + what);
        }

        private CorruptRecordException malformed(String what) {
            return new CorruptRecordException(
                    RecordBatchReader.where(partition, baseOffset) + ": record at offset delta " + read + ": " + what);
        }

        private CorruptRecordException corrupt(long offset, String what) {
            return new CorruptRecordException(
                    RecordBatchReader.where(partition, baseOffset) + ": record at offset " + offset + ": " + what);
        }
    }
}
