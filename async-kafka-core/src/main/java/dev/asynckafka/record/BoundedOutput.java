package dev.asynckafka.record;

import dev.asynckafka.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/**
 * A growable heap output for decompression that never allocates more than its limit: growing past the
 * limit is a {@link CorruptRecordException} (a batch inflating beyond a sane size), not an OOM.
 */
final class BoundedOutput {
    byte[] buf;
    int size;
    private final int limit;
    private final String where;

    BoundedOutput(int expected, int limit, String where) {
        this.limit = limit;
        this.where = where;
        this.buf = new byte[Math.max(0, Math.min(limit, Math.max(expected, 256)))];
    }

    int room() {
        return buf.length - size;
    }

    /** Bytes that may still be written before the limit. */
    int remainingLimit() {
        return limit - size;
    }

    /** Makes room for {@code more} bytes, or fails if that would pass the limit. */
    void ensure(int more) {
        long need = (long) size + more;
        if (more < 0 || need > limit) {
            throw exceeded();
        }
        if (need > buf.length) {
            grow((int) need);
        }
    }

    /** Grows a full buffer before a streaming read; false when the limit is reached. */
    boolean growForStream() {
        if (buf.length >= limit) {
            return false;
        }
        grow(buf.length + 1);
        return true;
    }

    private void grow(int need) {
        long doubled = Math.max(need, Math.max(2L * buf.length, 1024));
        byte[] bigger = new byte[(int) Math.min(doubled, limit)];
        System.arraycopy(buf, 0, bigger, 0, size);
        buf = bigger;
    }

    /** Reads {@code in} to its end, within the limit. */
    void readFully(InputStream in) throws IOException {
        while (true) {
            if (room() == 0 && !growForStream()) {
                if (in.read() >= 0) {
                    throw exceeded();
                }
                return;
            }
            int n = in.read(buf, size, room());
            if (n < 0) {
                return;
            }
            size += n;
        }
    }

    CorruptRecordException exceeded() {
        return new CorruptRecordException(
                where + " decompresses to more than the limit of " + limit + " bytes (max decompressed batch size)");
    }

    ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(buf, 0, size);
    }
}
