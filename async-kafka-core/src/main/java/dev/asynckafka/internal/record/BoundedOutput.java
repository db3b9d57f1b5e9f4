package dev.asynckafka.internal.record;

import dev.asynckafka.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A growable heap output for decompression that never allocates more than its limit: growing past the
 * limit is a {@link CorruptRecordException} (a batch inflating beyond a sane size), not an OOM.
 *
 * <p>It writes into a work array from {@link DecompressionScratch}; {@link #toByteBuf()} copies the exact
 * result out, {@link #view()} reads it in place, and {@link #release()} hands the work array back.
 */
final class BoundedOutput {
    byte[] buf;
    int size;
    /** The usable length of {@code buf}: a pooled array may be longer than the limit. */
    private int capacity;

    private final int limit;
    private final String where;
    private boolean released;

    BoundedOutput(int expected, int limit, String where) {
        this.limit = limit;
        this.where = where;
        this.buf = DecompressionScratch.takeArray(expected, limit);
        this.capacity = Math.min(buf.length, limit);
    }

    int room() {
        return capacity - size;
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
        if (need > capacity) {
            grow((int) need);
        }
    }

    /** Grows a full buffer before a streaming read; false when the limit is reached. */
    boolean growForStream() {
        if (capacity >= limit) {
            return false;
        }
        grow(capacity + 1);
        return true;
    }

    private void grow(int need) {
        long doubled = Math.max(need, Math.max(2L * capacity, 1024));
        buf = Arrays.copyOf(buf, (int) Math.min(doubled, limit));
        capacity = buf.length;
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

    /** The output, copied to an array of its exact size (the work array stays private to decompression). */
    ByteBuf toByteBuf() {
        if (released) {
            throw new IllegalStateException("released");
        }
        return size == 0 ? Unpooled.buffer(0, 0) : Unpooled.wrappedBuffer(Arrays.copyOf(buf, size));
    }

    /**
     * The output in place, over the work array: valid only until {@link #release()}, after which the array may
     * be reused by another decompression.
     */
    ByteBuf view() {
        if (released) {
            throw new IllegalStateException("released");
        }
        return Unpooled.wrappedBuffer(buf).setIndex(0, size);
    }

    /** Hands the work array back for reuse; the output must not be used afterwards. Idempotent. */
    void release() {
        if (!released) {
            released = true;
            DecompressionScratch.giveArray(buf);
        }
    }
}
