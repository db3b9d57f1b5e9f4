package dev.asynckafka.internal.record;

import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** A record read from a batch: key and value are located in a source buffer and sliced on demand. */
final class ReadRecord implements Record {
    /** The headers of a record that has none, shared. */
    static final Header[] NO_HEADERS = new Header[0];

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final long offset;
    private final long timestamp;
    private final ByteBuf source;
    private final int keyIndex;
    private final int keyLength;
    private final int valueIndex;
    private final int valueLength;
    private final Header[] headers;
    private final boolean control;

    ReadRecord(
            long offset,
            long timestamp,
            ByteBuf source,
            int keyIndex,
            int keyLength,
            int valueIndex,
            int valueLength,
            Header[] headers,
            boolean control) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.source = source;
        this.keyIndex = keyIndex;
        this.keyLength = keyLength;
        this.valueIndex = valueIndex;
        this.valueLength = valueLength;
        this.headers = headers;
        this.control = control;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public @Nullable ByteBuf key() {
        return slice(keyIndex, keyLength);
    }

    @Override
    public @Nullable ByteBuf value() {
        return slice(valueIndex, valueLength);
    }

    @Override
    public @Nullable ByteBuffer keyBuffer() {
        return view(keyIndex, keyLength);
    }

    @Override
    public @Nullable ByteBuffer valueBuffer() {
        return view(valueIndex, valueLength);
    }

    private @Nullable ByteBuffer view(int index, int length) {
        if (length < 0) {
            return null;
        }
        return length == 0 ? EMPTY : source.nioBuffer(index, length);
    }

    private @Nullable ByteBuf slice(int index, int length) {
        if (length < 0) {
            return null;
        }
        return length == 0 ? Unpooled.EMPTY_BUFFER : source.slice(index, length);
    }

    @Override
    public Header[] headers() {
        return headers;
    }

    @Override
    public ControlRecordType controlType() {
        if (!control || keyLength < 4) {
            return ControlRecordType.UNKNOWN;
        }
        // key: version (int16), then type (int16); later versions keep these first fields
        return switch (source.getShort(keyIndex + 2)) {
            case 0 -> ControlRecordType.ABORT;
            case 1 -> ControlRecordType.COMMIT;
            default -> ControlRecordType.UNKNOWN;
        };
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyLength + " bytes, value="
                + valueLength + " bytes, headers=" + headers.length + ")";
    }
}
