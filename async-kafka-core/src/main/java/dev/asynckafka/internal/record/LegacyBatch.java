package dev.asynckafka.internal.record;

import static dev.asynckafka.internal.record.RecordBatchReader.LOG_OVERHEAD;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A legacy message (magic 0 or 1), read only: offset (int64), size (int32), CRC-32 (over magic to end),
 * magic, attributes (codec in bits 0-2; for magic 1 the timestamp type in bit 3), timestamp (magic 1 only),
 * key and value (int32 length, -1 for null). An uncompressed message is a batch of one record; a compressed
 * one is a wrapper whose value holds a compressed message set: the inner messages carry absolute offsets in
 * magic 0 and offsets relative to the first in magic 1 (the wrapper's offset is the last inner offset).
 */
final class LegacyBatch implements RecordBatch {
    /** CRC, magic, attributes, key length, value length. */
    static final int MIN_SIZE_V0 = 14;
    /** As magic 0, with a timestamp. */
    static final int MIN_SIZE_V1 = 22;

    private static final int LOG_APPEND_TIME_FLAG = 0x08;

    private final ByteBuf buffer;
    private final int size;
    private final @Nullable TopicPartition partition;
    private final int maxDecompressedBatchBytes;
    private final boolean checkCrcs;
    private final Message message;
    private final CompressionType compression;
    private @Nullable List<Record> inner;

    LegacyBatch(
            ByteBuf buffer,
            int start,
            int size,
            @Nullable TopicPartition partition,
            boolean checkCrcs,
            int maxDecompressedBatchBytes) {
        this.buffer = buffer;
        this.size = size;
        this.partition = partition;
        this.checkCrcs = checkCrcs;
        this.maxDecompressedBatchBytes = maxDecompressedBatchBytes;
        this.message = Message.parse(buffer, start, size, partition, checkCrcs, buffer.getLong(start));
        this.compression = message.compression(partition);
        if (compression != CompressionType.NONE && message.valueLength < 0) {
            throw RecordBatchReader.corrupt(partition, message.offset, "compressed wrapper message with null value");
        }
    }

    @Override
    public byte magic() {
        return (byte) message.magic;
    }

    @Override
    public long baseOffset() {
        if (compression == CompressionType.NONE) {
            return message.offset;
        }
        List<Record> records = inner();
        return records.isEmpty() ? message.offset : records.get(0).offset();
    }

    @Override
    public long lastOffset() {
        return message.offset;
    }

    @Override
    public long nextOffset() {
        return message.offset + 1;
    }

    @Override
    public int partitionLeaderEpoch() {
        return -1;
    }

    @Override
    public CompressionType compression() {
        return compression;
    }

    @Override
    public TimestampType timestampType() {
        return message.timestampType();
    }

    @Override
    public long baseTimestamp() {
        return message.timestamp;
    }

    @Override
    public long maxTimestamp() {
        return message.timestamp;
    }

    @Override
    public long producerId() {
        return NO_PRODUCER_ID;
    }

    @Override
    public short producerEpoch() {
        return -1;
    }

    @Override
    public int baseSequence() {
        return -1;
    }

    @Override
    public boolean isTransactional() {
        return false;
    }

    @Override
    public boolean isControl() {
        return false;
    }

    @Override
    public int recordCount() {
        return compression == CompressionType.NONE ? 1 : inner().size();
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public Iterator<Record> records() {
        if (compression == CompressionType.NONE) {
            return List.<Record>of(message.toRecord(buffer, message.offset, message.timestamp))
                    .iterator();
        }
        return inner().iterator();
    }

    private List<Record> inner() {
        List<Record> records = inner;
        if (records == null) {
            records = decodeInner();
            inner = records;
        }
        return records;
    }

    private List<Record> decodeInner() {
        String where = RecordBatchReader.where(partition, message.offset);
        ByteBuf data = Codecs.decompress(
                compression,
                buffer.slice(message.valueIndex, message.valueLength),
                message.magic,
                (int) Math.min(message.valueLength * 4L, maxDecompressedBatchBytes),
                maxDecompressedBatchBytes,
                where);
        List<Message> messages = new ArrayList<>();
        int position = 0;
        int end = data.writerIndex();
        while (position < end) {
            if (end - position < LOG_OVERHEAD) {
                throw new CorruptRecordException(where + ": truncated inner message");
            }
            long offset = data.getLong(position);
            int innerSize = data.getInt(position + 8);
            int minSize = message.magic == 0 ? MIN_SIZE_V0 : MIN_SIZE_V1;
            if (innerSize < MIN_SIZE_V0 || innerSize > end - position - LOG_OVERHEAD) {
                throw new CorruptRecordException(where + ": inner message size " + innerSize + " out of bounds");
            }
            Message m = Message.parse(data, position, LOG_OVERHEAD + innerSize, partition, checkCrcs, offset);
            if (m.magic != message.magic || innerSize < minSize) {
                throw new CorruptRecordException(
                        where + ": inner message of magic " + m.magic + " in a wrapper of magic " + message.magic);
            }
            if (m.compression(partition) != CompressionType.NONE) {
                throw new CorruptRecordException(where + ": nested compressed message");
            }
            messages.add(m);
            position += LOG_OVERHEAD + innerSize;
        }
        List<Record> records = new ArrayList<>(messages.size());
        // magic 1: inner offsets are relative, the wrapper carries the absolute offset of the last one
        long shift = messages.isEmpty() || message.magic == 0
                ? 0
                : message.offset - messages.get(messages.size() - 1).offset;
        boolean logAppendTime = message.timestampType() == TimestampType.LOG_APPEND_TIME;
        for (Message m : messages) {
            long timestamp = logAppendTime ? message.timestamp : m.timestamp;
            records.add(m.toRecord(data, m.offset + shift, timestamp));
        }
        return records;
    }

    @Override
    public String toString() {
        return "RecordBatch(magic=" + message.magic + ", lastOffset=" + message.offset + ", " + compression.configName()
                + ", " + size + " bytes)";
    }

    /** One legacy message's fields, validated. */
    private static final class Message {
        final long offset;
        final int magic;
        final int attributes;
        final long timestamp;
        final int keyIndex;
        final int keyLength;
        final int valueIndex;
        final int valueLength;

        private Message(
                long offset,
                int magic,
                int attributes,
                long timestamp,
                int keyIndex,
                int keyLength,
                int valueIndex,
                int valueLength) {
            this.offset = offset;
            this.magic = magic;
            this.attributes = attributes;
            this.timestamp = timestamp;
            this.keyIndex = keyIndex;
            this.keyLength = keyLength;
            this.valueIndex = valueIndex;
            this.valueLength = valueLength;
        }

        /** Parses the message at {@code start}, {@code size} bytes long (log overhead included). */
        static Message parse(
                ByteBuf buf, int start, int size, @Nullable TopicPartition partition, boolean checkCrc, long offset) {
            int end = start + size;
            int magic = buf.getByte(start + 16);
            if (magic != 0 && magic != 1) {
                throw RecordBatchReader.corrupt(partition, offset, "unknown magic " + magic);
            }
            int p = start + 17;
            int attributes = buf.getByte(p++);
            long timestamp = -1;
            if (magic == 1) {
                if (end - p < 16) {
                    throw RecordBatchReader.corrupt(partition, offset, "truncated message");
                }
                timestamp = buf.getLong(p);
                p += 8;
            }
            if (checkCrc) {
                int stored = buf.getInt(start + 12);
                int computed = Checksums.crc32(buf, start + 16, size - 16);
                if (stored != computed) {
                    throw RecordBatchReader.corrupt(
                            partition,
                            offset,
                            "CRC-32 mismatch: stored " + Integer.toUnsignedString(stored) + ", computed "
                                    + Integer.toUnsignedString(computed));
                }
            }
            int keyLength = length(buf, p, end, partition, offset, "key");
            int keyIndex = p + 4;
            p = keyIndex + Math.max(keyLength, 0);
            int valueLength = length(buf, p, end, partition, offset, "value");
            int valueIndex = p + 4;
            p = valueIndex + Math.max(valueLength, 0);
            if (p != end) {
                throw RecordBatchReader.corrupt(partition, offset, (end - p) + " bytes left over in the message");
            }
            return new Message(offset, magic, attributes, timestamp, keyIndex, keyLength, valueIndex, valueLength);
        }

        private static int length(
                ByteBuf buf, int p, int end, @Nullable TopicPartition partition, long offset, String what) {
            if (end - p < 4) {
                throw RecordBatchReader.corrupt(partition, offset, "truncated message " + what);
            }
            int length = buf.getInt(p);
            if (length < -1 || length > end - p - 4) {
                throw RecordBatchReader.corrupt(partition, offset, what + " length " + length + " out of bounds");
            }
            return length;
        }

        CompressionType compression(@Nullable TopicPartition partition) {
            int codec = attributes & 0x07;
            if (codec > CompressionType.LZ4.id()) {
                throw RecordBatchReader.corrupt(
                        partition, offset, "compression codec id " + codec + " is invalid for magic " + magic);
            }
            return CompressionType.forId(codec);
        }

        TimestampType timestampType() {
            return magic == 1 && (attributes & LOG_APPEND_TIME_FLAG) != 0
                    ? TimestampType.LOG_APPEND_TIME
                    : TimestampType.CREATE_TIME;
        }

        Record toRecord(ByteBuf source, long absoluteOffset, long recordTimestamp) {
            return new ReadRecord(
                    absoluteOffset,
                    recordTimestamp,
                    source,
                    keyIndex,
                    keyLength,
                    valueIndex,
                    valueLength,
                    ReadRecord.NO_HEADERS,
                    false);
        }
    }
}
