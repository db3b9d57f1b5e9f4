package dev.asynckafka.record;

import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy in snappy-java's stream framing (what Kafka's Java client writes), or raw. Loaded only once
 * {@link Codecs#requireLibrary} has found snappy-java.
 */
final class SnappyCodec {
    /** The stream header: a magic of 8 bytes, then version 1 and minimum compatible version 1 (int32 BE). */
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    private static final int HEADER_SIZE = 16;
    private static final int CHUNK_SIZE = 32 * 1024;

    private SnappyCodec() {}

    static int maxCompressedSize(int len) {
        int chunks = (len + CHUNK_SIZE - 1) / CHUNK_SIZE;
        try {
            return HEADER_SIZE + chunks * (4 + Snappy.maxCompressedLength(CHUNK_SIZE));
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    static void compress(byte[] a, int off, int len, ByteBuf dst) {
        int chunks = (len + CHUNK_SIZE - 1) / CHUNK_SIZE;
        try {
            dst.ensureWritable(HEADER_SIZE + chunks * (4 + Snappy.maxCompressedLength(CHUNK_SIZE)));
            dst.writeBytes(MAGIC).writeInt(1).writeInt(1);
            for (int p = off, end = off + len; p < end; p += CHUNK_SIZE) {
                int chunk = Math.min(CHUNK_SIZE, end - p);
                int sizeAt = dst.writerIndex();
                int n = Snappy.compress(a, p, chunk, dst.array(), dst.arrayOffset() + sizeAt + 4);
                dst.writeInt(n);
                dst.writerIndex(sizeAt + 4 + n);
            }
        } catch (IOException e) {
            throw new IllegalStateException("snappy compression failed", e);
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    static void decompress(byte[] a, int off, int len, BoundedOutput out, String where) {
        try {
            int end = off + len;
            if (!isMagic(a, off, end)) {
                uncompressChunk(a, off, len, out); // raw snappy, as some other clients write it
                return;
            }
            int p = off;
            while (p < end) {
                if (isMagic(a, p, end)) { // a stream header, also between concatenated streams
                    p += HEADER_SIZE;
                    continue;
                }
                if (end - p < 4) {
                    throw new CorruptRecordException(where + ": invalid snappy data: truncated chunk length");
                }
                int chunk = (a[p] & 0xff) << 24 | (a[p + 1] & 0xff) << 16 | (a[p + 2] & 0xff) << 8 | (a[p + 3] & 0xff);
                p += 4;
                if (chunk < 0 || chunk > end - p) {
                    throw new CorruptRecordException(where + ": invalid snappy data: chunk length " + chunk);
                }
                uncompressChunk(a, p, chunk, out);
                p += chunk;
            }
        } catch (IOException e) {
            throw new CorruptRecordException(where + ": invalid snappy data: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw nativeMissing(e);
        } catch (Error e) { // snappy-java reports some failures as SnappyError
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            throw new CorruptRecordException(where + ": invalid snappy data: " + e.getMessage(), e);
        }
    }

    private static void uncompressChunk(byte[] a, int p, int len, BoundedOutput out) throws IOException {
        int declared = Snappy.uncompressedLength(a, p, len);
        out.ensure(declared); // the declared size is checked against the limit before any allocation
        int n = Snappy.uncompress(a, p, len, out.buf, out.size);
        if (n != declared) {
            throw new IOException("uncompressed " + n + " bytes, declared " + declared);
        }
        out.size += n;
    }

    private static boolean isMagic(byte[] a, int p, int end) {
        if (end - p < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (a[p + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static UnsupportedCompressionTypeException nativeMissing(LinkageError e) {
        return new UnsupportedCompressionTypeException(
                "snappy-java (" + Codecs.SNAPPY_ARTIFACT + ") could not load its native library: " + e, e);
    }
}
