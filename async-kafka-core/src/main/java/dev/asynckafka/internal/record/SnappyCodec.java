package dev.asynckafka.internal.record;

import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Snappy in snappy-java's stream framing (what Kafka's Java client writes), or raw. Loaded only once
 * {@link Codecs#requireLibrary} has found snappy-java.
 *
 * <p>snappy-java is reached through method handles rather than linked: it has no module name of its
 * own, so the core's module descriptor cannot require it, and it stays optional on both the class
 * path and the module path.
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
            return HEADER_SIZE + chunks * (4 + Lib.maxCompressedLength(CHUNK_SIZE));
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    static void compress(byte[] a, int off, int len, ByteBuf dst) {
        int chunks = (len + CHUNK_SIZE - 1) / CHUNK_SIZE;
        try {
            dst.ensureWritable(HEADER_SIZE + chunks * (4 + Lib.maxCompressedLength(CHUNK_SIZE)));
            dst.writeBytes(MAGIC).writeInt(1).writeInt(1);
            for (int p = off, end = off + len; p < end; p += CHUNK_SIZE) {
                int chunk = Math.min(CHUNK_SIZE, end - p);
                int sizeAt = dst.writerIndex();
                int n = Lib.compress(a, p, chunk, dst.array(), dst.arrayOffset() + sizeAt + 4);
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
        int declared = Lib.uncompressedLength(a, p, len);
        out.ensure(declared); // the declared size is checked against the limit before any allocation
        int n = Lib.uncompress(a, p, len, out.buf, out.size);
        if (n != declared) {
            throw new IOException("uncompressed " + n + " bytes, declared " + declared);
        }
        out.size += n;
    }

    /** snappy-java's {@code org.xerial.snappy.Snappy}; the class initializes on first use, as when linked. */
    private static final class Lib {
        private static final MethodType COPY =
                MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class);
        private static final MethodHandle MAX_COMPRESSED_LENGTH;
        private static final MethodHandle COMPRESS;
        private static final MethodHandle UNCOMPRESSED_LENGTH;
        private static final MethodHandle UNCOMPRESS;

        static {
            try {
                Class<?> snappy = Class.forName("org.xerial.snappy.Snappy", false, SnappyCodec.class.getClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MAX_COMPRESSED_LENGTH =
                        lookup.findStatic(snappy, "maxCompressedLength", MethodType.methodType(int.class, int.class));
                COMPRESS = lookup.findStatic(snappy, "compress", COPY);
                UNCOMPRESSED_LENGTH = lookup.findStatic(
                        snappy,
                        "uncompressedLength",
                        MethodType.methodType(int.class, byte[].class, int.class, int.class));
                UNCOMPRESS = lookup.findStatic(snappy, "uncompress", COPY);
            } catch (ReflectiveOperationException e) {
                NoClassDefFoundError error = new NoClassDefFoundError("snappy-java is missing or incompatible: " + e);
                error.initCause(e);
                throw error;
            }
        }

        static int maxCompressedLength(int n) {
            try {
                return (int) MAX_COMPRESSED_LENGTH.invokeExact(n);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        static int compress(byte[] in, int off, int len, byte[] out, int outOff) throws IOException {
            try {
                return (int) COMPRESS.invokeExact(in, off, len, out, outOff);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        static int uncompressedLength(byte[] in, int off, int len) throws IOException {
            try {
                return (int) UNCOMPRESSED_LENGTH.invokeExact(in, off, len);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        static int uncompress(byte[] in, int off, int len, byte[] out, int outOff) throws IOException {
            try {
                return (int) UNCOMPRESS.invokeExact(in, off, len, out, outOff);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
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
