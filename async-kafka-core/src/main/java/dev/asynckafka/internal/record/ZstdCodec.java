package dev.asynckafka.internal.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Zstd frames through zstd-jni. Loaded only once {@link Codecs#requireLibrary} has found zstd-jni. */
final class ZstdCodec {
    /** Kafka's default zstd level. */
    private static final int LEVEL = 3;

    private ZstdCodec() {}

    static int maxCompressedSize(int len) {
        try {
            return (int) Zstd.compressBound(len);
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    static void compress(byte[] a, int off, int len, ByteBuf dst) {
        try {
            int bound = (int) Zstd.compressBound(len);
            dst.ensureWritable(bound);
            long n = Zstd.compressByteArray(
                    dst.array(), dst.arrayOffset() + dst.writerIndex(), dst.writableBytes(), a, off, len, LEVEL);
            if (Zstd.isError(n)) {
                throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
            }
            dst.writerIndex(dst.writerIndex() + (int) n);
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    static void decompress(byte[] a, int off, int len, BoundedOutput out, String where) {
        // streamed: a frame need not declare its size, and a declared size cannot be trusted
        try (ZstdInputStreamNoFinalizer in =
                new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(a, off, len), RecyclingBufferPool.INSTANCE)) {
            out.readFully(in);
        } catch (IOException e) {
            throw new CorruptRecordException(where + ": invalid zstd data: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw nativeMissing(e);
        }
    }

    private static UnsupportedCompressionTypeException nativeMissing(LinkageError e) {
        return new UnsupportedCompressionTypeException(
                "zstd-jni (" + Codecs.ZSTD_ARTIFACT + ") could not load its native library: " + e, e);
    }
}
