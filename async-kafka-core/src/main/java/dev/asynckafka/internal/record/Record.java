package dev.asynckafka.internal.record;

import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A record read from a batch. Keys and values are slices of the fetched buffer when the batch is
 * uncompressed, else slices of the batch's decompressed buffer; they are GC-managed and must not be
 * retained or released.
 */
public interface Record {
    /** The record's offset in its partition. */
    long offset();

    /** The record's timestamp (the batch's max timestamp under log append time; -1 for magic 0). */
    long timestamp();

    /** The key, or null. */
    @Nullable
    ByteBuf key();

    /** The value, or null (a tombstone). */
    @Nullable
    ByteBuf value();

    /** The key as a NIO view of the same bytes (no copy), or null; for deserializers. */
    default @Nullable ByteBuffer keyBuffer() {
        ByteBuf key = key();
        return key == null ? null : key.nioBuffer();
    }

    /** The value as a NIO view of the same bytes (no copy), or null; for deserializers. */
    default @Nullable ByteBuffer valueBuffer() {
        ByteBuf value = value();
        return value == null ? null : value.nioBuffer();
    }

    /** The headers, empty for none and for legacy messages. */
    Header[] headers();

    /**
     * For records of control batches, the control type read from the key; {@link ControlRecordType#UNKNOWN}
     * for an unknown type and for records that are not control records.
     */
    ControlRecordType controlType();
}
