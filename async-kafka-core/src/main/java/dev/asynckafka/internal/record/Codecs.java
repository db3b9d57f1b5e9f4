package dev.asynckafka.internal.record;

import dev.asynckafka.errors.CorruptRecordException;
import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import dev.asynckafka.record.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The compression codecs of record batches, on heap arrays. Compression appends to a heap {@link ByteBuf};
 * decompression is bounded by a limit and reports every malformation as {@link CorruptRecordException}.
 *
 * <p>Formats, as Kafka's Java client writes them: gzip (one RFC 1952 member, default level), lz4 (the LZ4
 * frame format with 64 KiB independent blocks, no checksums, and an end mark), snappy (snappy-java's
 * stream framing: a 16-byte header, then 32 KiB chunks each prefixed by its big-endian compressed length)
 * and zstd (one zstd frame, level 3).
 */
final class Codecs {
    static final String SNAPPY_ARTIFACT = "org.xerial.snappy:snappy-java";
    static final String ZSTD_ARTIFACT = "com.github.luben:zstd-jni";

    private static final int LZ4_MAGIC = 0x184D2204;
    private static final int LZ4_BLOCK_SIZE = 64 * 1024;
    /** FLG: version 01, independent blocks, no block checksum, no content size, no content checksum. */
    private static final byte LZ4_FLG = 0x60;
    /** BD: block maximum size code 4 (64 KiB). */
    private static final byte LZ4_BD = 0x40;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private static volatile boolean snappyPresent;
    private static volatile boolean zstdPresent;

    private Codecs() {}

    // ------------------------------------------------------------------ optional libraries

    /**
     * Checks that the library a codec needs is on the class path.
     *
     * @throws UnsupportedCompressionTypeException naming the Maven artifact to add when it is not
     */
    static void requireLibrary(CompressionType type) {
        if (type == CompressionType.SNAPPY && !snappyPresent) {
            requireClass("org.xerial.snappy.Snappy", type, SNAPPY_ARTIFACT);
            snappyPresent = true;
        } else if (type == CompressionType.ZSTD && !zstdPresent) {
            requireClass("com.github.luben.zstd.Zstd", type, ZSTD_ARTIFACT);
            zstdPresent = true;
        }
    }

    static void requireClass(String className, CompressionType type, String artifact) {
        try {
            Class.forName(className, false, Codecs.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UnsupportedCompressionTypeException(
                    type.configName() + " compression needs the optional dependency " + artifact
                            + " (add it to your build; class " + className + " is not on the class path)",
                    e);
        }
    }

    // ------------------------------------------------------------------ compression

    /** Appends {@code src}'s readable bytes, compressed with {@code type}, to the heap buffer {@code dst}. */
    static void compress(CompressionType type, ByteBuf src, ByteBuf dst) {
        byte[] a = src.array();
        int off = src.arrayOffset() + src.readerIndex();
        int len = src.readableBytes();
        switch (type) {
            case NONE -> dst.writeBytes(src, src.readerIndex(), len);
            case GZIP -> gzip(a, off, len, dst);
            case LZ4 -> lz4(a, off, len, dst);
            case SNAPPY -> {
                requireLibrary(type);
                SnappyCodec.compress(a, off, len, dst);
            }
            case ZSTD -> {
                requireLibrary(type);
                ZstdCodec.compress(a, off, len, dst);
            }
        }
    }

    private static void gzip(byte[] a, int off, int len, ByteBuf dst) {
        dst.ensureWritable(len + (len >> 12) + (len >> 14) + 64);
        // header: magic, deflate, no flags, no mtime, no extra flags, unknown OS
        dst.writeShort(0x1f8b)
                .writeByte(8)
                .writeByte(0)
                .writeInt(0)
                .writeByte(0)
                .writeByte(0xff);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(a, off, len);
            deflater.finish();
            while (!deflater.finished()) {
                dst.ensureWritable(1024);
                int n = deflater.deflate(dst.array(), dst.arrayOffset() + dst.writerIndex(), dst.writableBytes());
                dst.writerIndex(dst.writerIndex() + n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(a, off, len);
        dst.writeIntLE((int) crc.getValue());
        dst.writeIntLE(len);
    }

    private static void lz4(byte[] a, int off, int len, ByteBuf dst) {
        int blocks = (len + LZ4_BLOCK_SIZE - 1) / LZ4_BLOCK_SIZE;
        dst.ensureWritable(7 + 4 + blocks * (4 + LZ4_COMPRESSOR.maxCompressedLength(LZ4_BLOCK_SIZE)));
        int start = dst.writerIndex();
        dst.writeIntLE(LZ4_MAGIC).writeByte(LZ4_FLG).writeByte(LZ4_BD);
        byte[] header = {LZ4_FLG, LZ4_BD};
        dst.writeByte((XXHASH.hash(header, 0, 2, 0) >> 8) & 0xff);
        assert dst.writerIndex() == start + 7;
        for (int p = off, end = off + len; p < end; p += LZ4_BLOCK_SIZE) {
            int blockLen = Math.min(LZ4_BLOCK_SIZE, end - p);
            byte[] out = dst.array();
            int sizeAt = dst.writerIndex();
            int dataAt = dst.arrayOffset() + sizeAt + 4;
            int compressed = LZ4_COMPRESSOR.compress(a, p, blockLen, out, dataAt, dst.writableBytes() - 4);
            if (compressed >= blockLen) {
                dst.writeIntLE(blockLen | 0x80000000);
                dst.writeBytes(a, p, blockLen);
            } else {
                dst.writeIntLE(compressed);
                dst.writerIndex(dst.writerIndex() + compressed);
            }
        }
        dst.writeIntLE(0);
    }

    /** The most bytes {@link #compress} can write for {@code len} input bytes. */
    static int maxCompressedSize(CompressionType type, int len) {
        return switch (type) {
            case NONE -> len;
            case GZIP -> len + (len >> 12) + (len >> 14) + 64;
            case LZ4 ->
                11
                        + ((len + LZ4_BLOCK_SIZE - 1) / LZ4_BLOCK_SIZE)
                                * (4 + LZ4_COMPRESSOR.maxCompressedLength(LZ4_BLOCK_SIZE));
            case SNAPPY -> {
                requireLibrary(type);
                yield SnappyCodec.maxCompressedSize(len);
            }
            case ZSTD -> {
                requireLibrary(type);
                yield ZstdCodec.maxCompressedSize(len);
            }
        };
    }

    // ------------------------------------------------------------------ decompression

    /**
     * Decompresses {@code src}'s readable bytes into a new heap buffer of at most {@code limit} bytes.
     *
     * @param magic the batch's magic (lz4 in magic 0 tolerates the historically wrong header checksum)
     * @param expected a guess at the decompressed size, for the first allocation
     * @param where the batch, for error messages
     * @throws CorruptRecordException if the data is malformed or inflates beyond {@code limit}
     */
    static ByteBuf decompress(CompressionType type, ByteBuf src, int magic, int expected, int limit, String where) {
        BoundedOutput out = decompressToScratch(type, src, magic, expected, limit, where);
        try {
            return out.toByteBuf();
        } finally {
            out.release();
        }
    }

    /**
     * Like {@link #decompress} but without copying the result out: the output is {@link BoundedOutput#buf}'s
     * first {@link BoundedOutput#size} bytes, a pooled work array the caller must hand back with {@link
     * BoundedOutput#release()} once nothing reads it any more.
     */
    static BoundedOutput decompressToScratch(
            CompressionType type, ByteBuf src, int magic, int expected, int limit, String where) {
        byte[] a;
        int off;
        int len = src.readableBytes();
        if (src.hasArray()) {
            a = src.array();
            off = src.arrayOffset() + src.readerIndex();
        } else {
            a = ByteBufUtil.getBytes(src);
            off = 0;
        }
        BoundedOutput out = new BoundedOutput(expected, limit, where);
        boolean done = false;
        try {
            switch (type) {
                case NONE -> throw new IllegalArgumentException("not compressed");
                case GZIP -> gunzip(a, off, len, out, where);
                case LZ4 -> unlz4(a, off, len, magic, out, where);
                case SNAPPY -> {
                    requireLibrary(type);
                    SnappyCodec.decompress(a, off, len, out, where);
                }
                case ZSTD -> {
                    requireLibrary(type);
                    ZstdCodec.decompress(a, off, len, out, where);
                }
            }
            done = true;
            return out;
        } catch (CorruptRecordException | UnsupportedCompressionTypeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptRecordException(where + ": invalid " + type.configName() + " data: " + e, e);
        } finally {
            if (!done) {
                out.release();
            }
        }
    }

    private static CorruptRecordException corrupt(String where, String type, String what) {
        return new CorruptRecordException(where + ": invalid " + type + " data: " + what);
    }

    private static void gunzip(byte[] a, int off, int len, BoundedOutput out, String where) {
        int p = off;
        int end = off + len;
        Inflater inflater = DecompressionScratch.takeInflater();
        boolean reusable = false;
        try {
            do {
                p = skipGzipHeader(a, p, end, where);
                inflater.reset();
                inflater.setInput(a, p, end - p);
                int memberStart = out.size;
                inflate(inflater, out, where);
                p = end - inflater.getRemaining();
                if (end - p < 8) {
                    throw corrupt(where, "gzip", "truncated trailer");
                }
                CRC32 crc = new CRC32();
                crc.update(out.buf, memberStart, out.size - memberStart);
                if (readIntLE(a, p) != (int) crc.getValue() || readIntLE(a, p + 4) != out.size - memberStart) {
                    throw corrupt(where, "gzip", "checksum or size mismatch");
                }
                p += 8;
                // like the JDK's stream: a further member is read, trailing bytes that are not one are ignored
            } while (end - p >= 18 && (a[p] & 0xff) == 0x1f && (a[p + 1] & 0xff) == 0x8b);
            reusable = true;
        } catch (DataFormatException e) {
            throw new CorruptRecordException(where + ": invalid gzip data: " + e.getMessage(), e);
        } finally {
            if (reusable) {
                DecompressionScratch.giveInflater(inflater);
            } else {
                inflater.end();
            }
        }
    }

    private static void inflate(Inflater inflater, BoundedOutput out, String where) throws DataFormatException {
        while (!inflater.finished()) {
            if (out.room() == 0 && !out.growForStream()) {
                byte[] probe = new byte[1];
                if (inflater.inflate(probe) > 0) {
                    throw out.exceeded();
                }
                if (inflater.finished()) {
                    return;
                }
                throw corrupt(where, "gzip", "truncated deflate stream");
            }
            int n = inflater.inflate(out.buf, out.size, out.room());
            out.size += n;
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw corrupt(where, "gzip", "truncated deflate stream");
            }
        }
    }

    private static int skipGzipHeader(byte[] a, int start, int end, String where) {
        if (end - start < 10 || (a[start] & 0xff) != 0x1f || (a[start + 1] & 0xff) != 0x8b || a[start + 2] != 8) {
            throw corrupt(where, "gzip", "bad header");
        }
        int flags = a[start + 3] & 0xff;
        if ((flags & 0xe0) != 0) {
            throw corrupt(where, "gzip", "reserved header flags set");
        }
        int p = start + 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (end - p < 2) {
                throw corrupt(where, "gzip", "truncated header");
            }
            p += 2 + ((a[p] & 0xff) | (a[p + 1] & 0xff) << 8);
        }
        for (int bit = 8; bit <= 16; bit <<= 1) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                while (p < end && a[p] != 0) {
                    p++;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            p += 2;
        }
        if (p > end) {
            throw corrupt(where, "gzip", "truncated header");
        }
        return p;
    }

    private static int readIntLE(byte[] a, int p) {
        return (a[p] & 0xff) | (a[p + 1] & 0xff) << 8 | (a[p + 2] & 0xff) << 16 | (a[p + 3] & 0xff) << 24;
    }

    private static void unlz4(byte[] a, int off, int len, int magic, BoundedOutput out, String where) {
        int end = off + len;
        if (len < 7 || readIntLE(a, off) != LZ4_MAGIC) {
            throw corrupt(where, "lz4", "bad frame magic");
        }
        int flg = a[off + 4] & 0xff;
        if ((flg >>> 6) != 1) {
            throw corrupt(where, "lz4", "unsupported frame version");
        }
        if ((flg & 0x03) != 0) {
            throw corrupt(where, "lz4", "reserved or dictionary flag set");
        }
        if ((flg & 0x20) == 0) {
            throw corrupt(where, "lz4", "dependent blocks are not supported");
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        int bd = a[off + 5] & 0xff;
        int sizeCode = (bd >>> 4) & 7;
        if ((bd & 0x8f) != 0 || sizeCode < 4) {
            throw corrupt(where, "lz4", "bad block descriptor");
        }
        int maxBlock = 1 << (8 + 2 * sizeCode);
        int hcAt = off + 6 + (contentSize ? 8 : 0);
        if (hcAt >= end) {
            throw corrupt(where, "lz4", "truncated frame header");
        }
        int hc = a[hcAt] & 0xff;
        boolean correct = hc == ((XXHASH.hash(a, off + 4, hcAt - off - 4, 0) >> 8) & 0xff);
        // Kafka's magic 0 lz4 writer hashed the frame magic too; its reader accepts that for magic 0 only
        boolean brokenButTolerated = magic == 0 && hc == ((XXHASH.hash(a, off, hcAt - off, 0) >> 8) & 0xff);
        if (!correct && !brokenButTolerated) {
            throw corrupt(where, "lz4", "frame header checksum mismatch");
        }
        int p = hcAt + 1;
        while (true) {
            if (end - p < 4) {
                throw corrupt(where, "lz4", "truncated block size");
            }
            int raw = readIntLE(a, p);
            p += 4;
            if (raw == 0) {
                break;
            }
            boolean stored = raw < 0;
            int blockLen = raw & 0x7fffffff;
            if (blockLen > maxBlock || blockLen > end - p - (blockChecksum ? 4 : 0)) {
                throw corrupt(where, "lz4", "block size " + blockLen + " out of bounds");
            }
            if (blockChecksum && readIntLE(a, p + blockLen) != XXHASH.hash(a, p, blockLen, 0)) {
                throw corrupt(where, "lz4", "block checksum mismatch");
            }
            if (stored) {
                out.ensure(blockLen);
                System.arraycopy(a, p, out.buf, out.size, blockLen);
                out.size += blockLen;
            } else {
                int room = Math.min(maxBlock, out.remainingLimit());
                out.ensure(room);
                try {
                    out.size += LZ4_DECOMPRESSOR.decompress(a, p, blockLen, out.buf, out.size, room);
                } catch (LZ4Exception e) {
                    if (room < maxBlock) {
                        throw out.exceeded();
                    }
                    throw new CorruptRecordException(where + ": invalid lz4 block: " + e.getMessage(), e);
                }
            }
            p += blockLen + (blockChecksum ? 4 : 0);
        }
        if (contentChecksum) {
            if (end - p < 4) {
                throw corrupt(where, "lz4", "truncated content checksum");
            }
            if (readIntLE(a, p) != XXHASH.hash(out.buf, 0, out.size, 0)) {
                throw corrupt(where, "lz4", "content checksum mismatch");
            }
        }
    }
}
