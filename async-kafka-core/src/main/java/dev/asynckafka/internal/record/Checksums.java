package dev.asynckafka.internal.record;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The checksums of batches: CRC-32C for magic 2, CRC-32 for legacy messages; unsigned 32-bit results. */
final class Checksums {
    private Checksums() {}

    static int crc32c(ByteBuf buf, int index, int length) {
        return compute(new CRC32C(), buf, index, length);
    }

    static int crc32(ByteBuf buf, int index, int length) {
        return compute(new CRC32(), buf, index, length);
    }

    private static int compute(Checksum crc, ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else {
            crc.update(buf.nioBuffer(index, length));
        }
        return (int) crc.getValue();
    }
}
