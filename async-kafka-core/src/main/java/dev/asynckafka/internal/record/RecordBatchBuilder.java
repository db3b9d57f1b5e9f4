package dev.asynckafka.internal.record;

import dev.asynckafka.internal.protocol.ProtocolCodec;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes one record batch in the magic 2 format, the format of every Kafka broker since 0.11.
 *
 * <p>Records are appended one by one ({@link #tryAppend}) until the batch would pass its write limit
 * (the producer's {@code batch.size}); {@link #close()} then compresses the records and writes the header
 * and its CRC-32C. The size estimate counts records uncompressed, so a compressed batch never exceeds the
 * limit either. The header fields can be set with the fluent setters until the batch is closed; the
 * producer state can also be rewritten in a closed batch with {@link #setProducerState}.
 *
 * <p>Not thread-safe.
 */
public final class RecordBatchBuilder {
    /** The size of a magic 2 batch header, log overhead (base offset and length) included. */
    public static final int BATCH_OVERHEAD = 61;

    static final int LENGTH_OFFSET = 8;
    static final int LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORD_COUNT_OFFSET = 57;

    static final int TIMESTAMP_TYPE_FLAG = 0x08;
    static final int TRANSACTIONAL_FLAG = 0x10;
    static final int CONTROL_FLAG = 0x20;

    /** The largest first buffer a builder allocates; past it the buffer grows as records come. */
    private static final int MAX_INITIAL_CAPACITY = 1024 * 1024;

    private final CompressionType compression;
    private final int writeLimit;
    /** The records, after a reserved header when uncompressed. */
    private final ByteBuf buffer;

    private final int recordsStart;
    private long baseOffset;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = -1;
    private int baseSequence = -1;
    private boolean transactional;
    private boolean control;
    private int partitionLeaderEpoch = -1;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long baseTimestamp = -1;
    private long maxTimestamp = -1;
    private int recordCount;
    private @Nullable ByteBuf closed;

    private RecordBatchBuilder(CompressionType compression, int writeLimit) {
        this.compression = compression;
        this.writeLimit = writeLimit;
        int initial = Math.max(BATCH_OVERHEAD + 64, Math.min(writeLimit, MAX_INITIAL_CAPACITY));
        this.buffer = Unpooled.buffer(initial);
        this.recordsStart = compression == CompressionType.NONE ? BATCH_OVERHEAD : 0;
        buffer.writerIndex(recordsStart);
    }

    /**
     * A builder of an empty batch: base offset 0, no producer state, create time, not transactional.
     *
     * @param compression the codec to compress the records with at {@link #close()}
     * @param writeLimit the size the batch must not exceed (estimated, uncompressed), except with its
     *     first record
     * @throws dev.asynckafka.errors.UnsupportedCompressionTypeException if the codec's optional library
     *     is missing
     */
    public static RecordBatchBuilder create(CompressionType compression, int writeLimit) {
        Objects.requireNonNull(compression, "compression");
        if (writeLimit < 0) {
            throw new IllegalArgumentException("negative write limit " + writeLimit);
        }
        Codecs.requireLibrary(compression);
        return new RecordBatchBuilder(compression, writeLimit);
    }

    /** Sets the base offset (0 by default; the broker assigns offsets). */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        checkOpen();
        this.baseOffset = baseOffset;
        return this;
    }

    /** Sets the producer id, epoch and base sequence (-1, -1, -1 by default). */
    public RecordBatchBuilder producerState(long producerId, short epoch, int baseSequence) {
        checkOpen();
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Marks the batch as written in a transaction. */
    public RecordBatchBuilder transactional(boolean transactional) {
        checkOpen();
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as a control batch (its records being control records, see {@link #controlKey}). */
    public RecordBatchBuilder control(boolean control) {
        checkOpen();
        this.control = control;
        return this;
    }

    /** Sets the partition leader epoch (-1 by default). */
    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        checkOpen();
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /** Sets the timestamp type ({@link TimestampType#CREATE_TIME} by default). */
    public RecordBatchBuilder timestampType(TimestampType timestampType) {
        checkOpen();
        this.timestampType = Objects.requireNonNull(timestampType, "timestampType");
        return this;
    }

    /**
     * Appends a record, unless it would take the batch past its write limit. The first record of an
     * empty batch is always accepted, however large.
     *
     * @param timestamp the record's timestamp, in ms
     * @param key the key, or null
     * @param value the value, or null for a tombstone
     * @param headers the headers, none for an empty array
     * @return false, appending nothing, if the record does not fit
     * @throws IllegalStateException if the batch is closed
     */
    public boolean tryAppend(long timestamp, byte @Nullable [] key, byte @Nullable [] value, Header[] headers) {
        checkOpen();
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int offsetDelta = recordCount;
        int bodySize = 1
                + ProtocolCodec.sizeOfVarlong(timestampDelta)
                + ProtocolCodec.sizeOfVarint(offsetDelta)
                + sizeOfBytes(key)
                + sizeOfBytes(value)
                + sizeOfHeaders(headers);
        int recordSize = ProtocolCodec.sizeOfVarint(bodySize) + bodySize;
        if (recordCount > 0 && (long) estimatedSizeInBytes() + recordSize > writeLimit) {
            return false;
        }
        ByteBuf out = buffer;
        out.ensureWritable(recordSize);
        ProtocolCodec.writeVarint(out, bodySize);
        out.writeByte(0); // record attributes: unused
        ProtocolCodec.writeVarlong(out, timestampDelta);
        ProtocolCodec.writeVarint(out, offsetDelta);
        writeBytes(out, key);
        writeBytes(out, value);
        ProtocolCodec.writeVarint(out, headers.length);
        for (Header header : headers) {
            ProtocolCodec.writeVarint(out, ByteBufUtil.utf8Bytes(header.key()));
            ByteBufUtil.writeUtf8(out, header.key());
            writeBytes(out, header.value());
        }
        if (recordCount == 0 || timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        recordCount++;
        return true;
    }

    private static int sizeOfBytes(byte @Nullable [] bytes) {
        return bytes == null ? 1 : ProtocolCodec.sizeOfVarint(bytes.length) + bytes.length;
    }

    private static void writeBytes(ByteBuf out, byte @Nullable [] bytes) {
        if (bytes == null) {
            ProtocolCodec.writeVarint(out, -1);
        } else {
            ProtocolCodec.writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }
    }

    private static int sizeOfHeaders(Header[] headers) {
        int size = ProtocolCodec.sizeOfVarint(headers.length);
        for (Header header : headers) {
            int keySize = ByteBufUtil.utf8Bytes(header.key());
            size += ProtocolCodec.sizeOfVarint(keySize) + keySize + sizeOfBytes(header.value());
        }
        return size;
    }

    /**
     * The batch's size so far: header plus uncompressed records (the compressed size is known only at
     * {@link #close()}, and is usually smaller).
     */
    public int estimatedSizeInBytes() {
        return closed != null ? closed.readableBytes() : BATCH_OVERHEAD + buffer.writerIndex() - recordsStart;
    }

    /** The number of records appended. */
    public int recordCount() {
        return recordCount;
    }

    /** Whether no record was appended. */
    public boolean isEmpty() {
        return recordCount == 0;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed != null;
    }

    /**
     * Closes the batch: compresses the records, writes the header and the CRC-32C. Idempotent: later calls
     * return the same bytes (a new view of them).
     *
     * @return the complete batch, an unpooled heap buffer (GC-managed: no release needed)
     */
    public ByteBuf close() {
        ByteBuf batch = closed;
        if (batch == null) {
            if (compression == CompressionType.NONE) {
                batch = buffer;
            } else {
                int uncompressed = buffer.readableBytes();
                batch = Unpooled.buffer(BATCH_OVERHEAD + Codecs.maxCompressedSize(compression, uncompressed));
                batch.writerIndex(BATCH_OVERHEAD);
                Codecs.compress(compression, buffer, batch);
            }
            writeHeader(batch);
            closed = batch;
        }
        return batch.duplicate();
    }

    private void writeHeader(ByteBuf batch) {
        int attributes = compression.id()
                | (timestampType == TimestampType.LOG_APPEND_TIME ? TIMESTAMP_TYPE_FLAG : 0)
                | (transactional ? TRANSACTIONAL_FLAG : 0)
                | (control ? CONTROL_FLAG : 0);
        batch.setLong(0, baseOffset);
        batch.setInt(LENGTH_OFFSET, batch.writerIndex() - 12);
        batch.setInt(LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        batch.setByte(MAGIC_OFFSET, 2);
        batch.setShort(ATTRIBUTES_OFFSET, attributes);
        batch.setInt(LAST_OFFSET_DELTA_OFFSET, Math.max(0, recordCount - 1));
        batch.setLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        batch.setLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        batch.setLong(PRODUCER_ID_OFFSET, producerId);
        batch.setShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        batch.setInt(BASE_SEQUENCE_OFFSET, baseSequence);
        batch.setInt(RECORD_COUNT_OFFSET, recordCount);
        writeCrc(batch, 0, batch.writerIndex());
    }

    private static void writeCrc(ByteBuf batch, int start, int end) {
        int from = start + ATTRIBUTES_OFFSET;
        batch.setInt(start + CRC_OFFSET, Checksums.crc32c(batch, from, end - from));
    }

    private void checkOpen() {
        if (closed != null) {
            throw new IllegalStateException("the batch is closed");
        }
    }

    /**
     * Rewrites the producer id, epoch, base sequence and transactional flag of a closed batch in place,
     * and recomputes its CRC (the producer assigns sequences when it drains a batch).
     *
     * @param closedBatch a batch from {@link #close()}, starting at its reader index
     * @throws IllegalArgumentException if the bytes are not a magic 2 batch
     */
    public static void setProducerState(
            ByteBuf closedBatch, long producerId, short epoch, int baseSequence, boolean transactional) {
        int start = closedBatch.readerIndex();
        if (closedBatch.readableBytes() < BATCH_OVERHEAD || closedBatch.getByte(start + MAGIC_OFFSET) != 2) {
            throw new IllegalArgumentException("not a magic 2 record batch");
        }
        int end = start + 12 + closedBatch.getInt(start + LENGTH_OFFSET);
        if (end > closedBatch.writerIndex() || end < start + BATCH_OVERHEAD) {
            throw new IllegalArgumentException("the batch length does not match the buffer");
        }
        int attributes = closedBatch.getShort(start + ATTRIBUTES_OFFSET);
        attributes = transactional ? attributes | TRANSACTIONAL_FLAG : attributes & ~TRANSACTIONAL_FLAG;
        closedBatch.setShort(start + ATTRIBUTES_OFFSET, attributes);
        closedBatch.setLong(start + PRODUCER_ID_OFFSET, producerId);
        closedBatch.setShort(start + PRODUCER_EPOCH_OFFSET, epoch);
        closedBatch.setInt(start + BASE_SEQUENCE_OFFSET, baseSequence);
        writeCrc(closedBatch, start, end);
    }

    /**
     * An upper bound of the size a record takes in a batch (its offset and timestamp deltas at their
     * largest), batch header excluded; see {@link #batchSizeUpperBound}.
     */
    public static int recordSizeUpperBound(byte @Nullable [] key, byte @Nullable [] value, Header[] headers) {
        int bodyBound = 1 + 10 + 5 + sizeOfBytes(key) + sizeOfBytes(value) + sizeOfHeaders(headers);
        return 5 + bodyBound;
    }

    /**
     * An upper bound of the size of a batch holding only this record, uncompressed: what a producer checks
     * against {@code max.request.size} (the record plus {@link #BATCH_OVERHEAD}).
     */
    public static int batchSizeUpperBound(byte @Nullable [] key, byte @Nullable [] value, Header[] headers) {
        return BATCH_OVERHEAD + recordSizeUpperBound(key, value, headers);
    }

    /**
     * The key of a control record of the given type: version 0, then the type (0 abort, 1 commit).
     *
     * @throws IllegalArgumentException for {@link ControlRecordType#UNKNOWN}
     */
    public static byte[] controlKey(ControlRecordType type) {
        int id = switch (type) {
            case ABORT -> 0;
            case COMMIT -> 1;
            case UNKNOWN -> throw new IllegalArgumentException("no key for an unknown control type");
        };
        return new byte[] {0, 0, 0, (byte) id};
    }

    /** The value of a transaction marker record: version 0, then the coordinator epoch. */
    public static byte[] endTransactionMarkerValue(int coordinatorEpoch) {
        return new byte[] {
            0,
            0,
            (byte) (coordinatorEpoch >>> 24),
            (byte) (coordinatorEpoch >>> 16),
            (byte) (coordinatorEpoch >>> 8),
            (byte) coordinatorEpoch
        };
    }
}
