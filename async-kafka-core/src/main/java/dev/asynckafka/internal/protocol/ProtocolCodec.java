package dev.asynckafka.internal.protocol;

import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.ProtocolDecodeException;
import dev.asynckafka.errors.UnsupportedVersionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The primitive encodings of the Kafka protocol over Netty buffers, used by the generated messages and
 * by the record codec.
 *
 * <p>Readers validate everything they are given: a negative or oversized length, a length beyond the
 * readable bytes, an over-long varint or a read past the end throws {@link ProtocolDecodeException}
 * naming what was being read (the {@code what} argument), and no reader allocates memory sized by a
 * count it has not checked against the readable bytes. Writers never allocate intermediate arrays for
 * strings.
 *
 * <p>"Compact" encodings (flexible versions) prefix lengths with an unsigned varint holding length + 1,
 * with 0 meaning null; classic encodings use int16 (strings) or int32 (bytes, arrays) with -1 meaning
 * null.
 */
public final class ProtocolCodec {
    /** A shared empty byte array (the default of {@code bytes} fields). */
    public static final byte[] EMPTY_BYTES = new byte[0];

    /** The longest string the protocol can carry, in UTF-8 bytes. */
    public static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    private ProtocolCodec() {}

    // ------------------------------------------------------------------ varints

    /** Reads an unsigned varint of at most 5 bytes; the result is the raw 32 bits. */
    public static int readUnsignedVarint(ByteBuf in, String what) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.isReadable()) {
                throw new ProtocolDecodeException("truncated varint reading " + what);
            }
            byte b = in.readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtocolDecodeException("varint longer than 5 bytes reading " + what);
    }

    /** Reads an unsigned varlong of at most 10 bytes; the result is the raw 64 bits. */
    public static long readUnsignedVarlong(ByteBuf in, String what) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!in.isReadable()) {
                throw new ProtocolDecodeException("truncated varlong reading " + what);
            }
            byte b = in.readByte();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtocolDecodeException("varlong longer than 10 bytes reading " + what);
    }

    /** Writes the 32 bits of {@code value} as an unsigned varint. */
    public static void writeUnsignedVarint(ByteBuf out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /** Writes the 64 bits of {@code value} as an unsigned varlong. */
    public static void writeUnsignedVarlong(ByteBuf out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** The encoded size of an unsigned varint. */
    public static int sizeOfUnsignedVarint(int value) {
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    /** The encoded size of an unsigned varlong. */
    public static int sizeOfUnsignedVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    /** Reads a zigzag-encoded signed varint. */
    public static int readVarint(ByteBuf in, String what) {
        int raw = readUnsignedVarint(in, what);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Writes a zigzag-encoded signed varint. */
    public static void writeVarint(ByteBuf out, int value) {
        writeUnsignedVarint(out, (value << 1) ^ (value >> 31));
    }

    /** The encoded size of a zigzag-encoded signed varint. */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Reads a zigzag-encoded signed varlong. */
    public static long readVarlong(ByteBuf in, String what) {
        long raw = readUnsignedVarlong(in, what);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Writes a zigzag-encoded signed varlong. */
    public static void writeVarlong(ByteBuf out, long value) {
        writeUnsignedVarlong(out, (value << 1) ^ (value >> 63));
    }

    /** The encoded size of a zigzag-encoded signed varlong. */
    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }

    // ------------------------------------------------------------------ fixed size

    /** Reads a 16-byte uuid. */
    public static Uuid readUuid(ByteBuf in) {
        long most = in.readLong();
        return new Uuid(most, in.readLong());
    }

    /** Writes a 16-byte uuid. */
    public static void writeUuid(ByteBuf out, Uuid uuid) {
        out.writeLong(uuid.mostSignificantBits());
        out.writeLong(uuid.leastSignificantBits());
    }

    /** Writes a {@code uint16}, which must be within 0 and 65535. */
    public static void writeUnsignedShort(ByteBuf out, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("uint16 value out of range: " + value);
        }
        out.writeShort(value);
    }

    /** Writes a {@code uint32}, which must be within 0 and 2^32 - 1. */
    public static void writeUnsignedInt(ByteBuf out, long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("uint32 value out of range: " + value);
        }
        out.writeInt((int) value);
    }

    // ------------------------------------------------------------------ lengths

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new ProtocolDecodeException("truncated input reading " + what);
        }
    }

    private static int checkLength(ByteBuf in, long length, String what) {
        if (length > in.readableBytes()) {
            throw new ProtocolDecodeException(
                    what + " has length " + length + " but only " + in.readableBytes() + " bytes remain");
        }
        return (int) length;
    }

    /** Reads a compact length: -1 for null, else a length not exceeding the readable bytes. */
    private static int readCompactLength(ByteBuf in, String what) {
        int raw = readUnsignedVarint(in, what);
        if (raw == 0) {
            return -1;
        }
        return checkLength(in, Integer.toUnsignedLong(raw) - 1, what);
    }

    /** Reads an int32 length: -1 for null, else a length not exceeding the readable bytes. */
    private static int readInt32Length(ByteBuf in, String what) {
        need(in, 4, what);
        int length = in.readInt();
        if (length < -1) {
            throw new ProtocolDecodeException(what + " has invalid length " + length);
        }
        return length < 0 ? -1 : checkLength(in, length, what);
    }

    /** Reads an array's int32 element count: -1 for null, else at most the readable bytes. */
    public static int readArrayLength(ByteBuf in, String what) {
        return readInt32Length(in, what);
    }

    /** Reads an array's compact element count: -1 for null, else at most the readable bytes. */
    public static int readCompactArrayLength(ByteBuf in, String what) {
        return readCompactLength(in, what);
    }

    /** Writes an array's int32 element count; -1 for null. */
    public static void writeArrayLength(ByteBuf out, int count) {
        out.writeInt(count);
    }

    /** Writes an array's compact element count; -1 for null. */
    public static void writeCompactArrayLength(ByteBuf out, int count) {
        writeUnsignedVarint(out, count + 1);
    }

    /** The size of an array's compact element count; -1 for null. */
    public static int sizeOfCompactArrayLength(int count) {
        return sizeOfUnsignedVarint(count + 1);
    }

    // ------------------------------------------------------------------ strings

    private static String readUtf8(ByteBuf in, int length, String what) {
        if (length > MAX_STRING_LENGTH) {
            throw new ProtocolDecodeException(what + " has invalid string length " + length);
        }
        checkLength(in, length, what);
        if (length == 0) {
            return "";
        }
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /** Reads a non-nullable string with an int16 length. */
    public static String readString(ByteBuf in, String what) {
        String s = readNullableString(in, what);
        if (s == null) {
            throw unexpectedNull(what);
        }
        return s;
    }

    /** Reads a nullable string with an int16 length. */
    public static @Nullable String readNullableString(ByteBuf in, String what) {
        need(in, 2, what);
        int length = in.readShort();
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new ProtocolDecodeException(what + " has invalid string length " + length);
        }
        return readUtf8(in, length, what);
    }

    /** Reads a non-nullable compact string. */
    public static String readCompactString(ByteBuf in, String what) {
        String s = readCompactNullableString(in, what);
        if (s == null) {
            throw unexpectedNull(what);
        }
        return s;
    }

    /** Reads a nullable compact string. */
    public static @Nullable String readCompactNullableString(ByteBuf in, String what) {
        int length = readCompactLength(in, what);
        return length < 0 ? null : readUtf8(in, length, what);
    }

    private static int utf8Length(CharSequence s) {
        int length = ByteBufUtil.utf8Bytes(s);
        if (length > MAX_STRING_LENGTH) {
            throw new KafkaException("string of " + length + " UTF-8 bytes is too long for the Kafka protocol");
        }
        return length;
    }

    /** Writes a non-null string with an int16 length. */
    public static void writeString(ByteBuf out, String s) {
        int length = utf8Length(s);
        out.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(out, s, length);
    }

    /** Writes a nullable string with an int16 length. */
    public static void writeNullableString(ByteBuf out, @Nullable String s) {
        if (s == null) {
            out.writeShort(-1);
        } else {
            writeString(out, s);
        }
    }

    /** Writes a non-null compact string. */
    public static void writeCompactString(ByteBuf out, String s) {
        int length = utf8Length(s);
        writeUnsignedVarint(out, length + 1);
        ByteBufUtil.reserveAndWriteUtf8(out, s, length);
    }

    /** Writes a nullable compact string. */
    public static void writeCompactNullableString(ByteBuf out, @Nullable String s) {
        if (s == null) {
            out.writeByte(0);
        } else {
            writeCompactString(out, s);
        }
    }

    /** The size of a non-null string with an int16 length. */
    public static int sizeOfString(String s) {
        return 2 + ByteBufUtil.utf8Bytes(s);
    }

    /** The size of a nullable string with an int16 length. */
    public static int sizeOfNullableString(@Nullable String s) {
        return s == null ? 2 : sizeOfString(s);
    }

    /** The size of a non-null compact string. */
    public static int sizeOfCompactString(String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        return sizeOfUnsignedVarint(length + 1) + length;
    }

    /** The size of a nullable compact string. */
    public static int sizeOfCompactNullableString(@Nullable String s) {
        return s == null ? 1 : sizeOfCompactString(s);
    }

    // ------------------------------------------------------------------ bytes

    private static byte[] readByteArray(ByteBuf in, int length) {
        if (length == 0) {
            return EMPTY_BYTES;
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads non-nullable bytes with an int32 length. */
    public static byte[] readBytes(ByteBuf in, String what) {
        byte[] b = readNullableBytes(in, what);
        if (b == null) {
            throw unexpectedNull(what);
        }
        return b;
    }

    /** Reads nullable bytes with an int32 length. */
    public static byte @Nullable [] readNullableBytes(ByteBuf in, String what) {
        int length = readInt32Length(in, what);
        return length < 0 ? null : readByteArray(in, length);
    }

    /** Reads non-nullable compact bytes. */
    public static byte[] readCompactBytes(ByteBuf in, String what) {
        byte[] b = readCompactNullableBytes(in, what);
        if (b == null) {
            throw unexpectedNull(what);
        }
        return b;
    }

    /** Reads nullable compact bytes. */
    public static byte @Nullable [] readCompactNullableBytes(ByteBuf in, String what) {
        int length = readCompactLength(in, what);
        return length < 0 ? null : readByteArray(in, length);
    }

    /** Writes non-null bytes with an int32 length. */
    public static void writeBytes(ByteBuf out, byte[] b) {
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    /** Writes nullable bytes with an int32 length. */
    public static void writeNullableBytes(ByteBuf out, byte @Nullable [] b) {
        if (b == null) {
            out.writeInt(-1);
        } else {
            writeBytes(out, b);
        }
    }

    /** Writes non-null compact bytes. */
    public static void writeCompactBytes(ByteBuf out, byte[] b) {
        writeUnsignedVarint(out, b.length + 1);
        out.writeBytes(b);
    }

    /** Writes nullable compact bytes. */
    public static void writeCompactNullableBytes(ByteBuf out, byte @Nullable [] b) {
        if (b == null) {
            out.writeByte(0);
        } else {
            writeCompactBytes(out, b);
        }
    }

    /** The size of non-null bytes with an int32 length. */
    public static int sizeOfBytes(byte[] b) {
        return 4 + b.length;
    }

    /** The size of nullable bytes with an int32 length. */
    public static int sizeOfNullableBytes(byte @Nullable [] b) {
        return b == null ? 4 : 4 + b.length;
    }

    /** The size of non-null compact bytes. */
    public static int sizeOfCompactBytes(byte[] b) {
        return sizeOfUnsignedVarint(b.length + 1) + b.length;
    }

    /** The size of nullable compact bytes. */
    public static int sizeOfCompactNullableBytes(byte @Nullable [] b) {
        return b == null ? 1 : sizeOfCompactBytes(b);
    }

    // ------------------------------------------------------------------ records

    /**
     * Reads a non-nullable records field with an int32 length as a slice of {@code in}: no copy, and not
     * retained (the slice lives as long as {@code in}'s memory).
     */
    public static ByteBuf readRecords(ByteBuf in, String what) {
        ByteBuf b = readNullableRecords(in, what);
        if (b == null) {
            throw unexpectedNull(what);
        }
        return b;
    }

    /** Reads a nullable records field with an int32 length as an unretained slice of {@code in}. */
    public static @Nullable ByteBuf readNullableRecords(ByteBuf in, String what) {
        int length = readInt32Length(in, what);
        return length < 0 ? null : in.readSlice(length);
    }

    /** Reads a non-nullable compact records field as an unretained slice of {@code in}. */
    public static ByteBuf readCompactRecords(ByteBuf in, String what) {
        ByteBuf b = readCompactNullableRecords(in, what);
        if (b == null) {
            throw unexpectedNull(what);
        }
        return b;
    }

    /** Reads a nullable compact records field as an unretained slice of {@code in}. */
    public static @Nullable ByteBuf readCompactNullableRecords(ByteBuf in, String what) {
        int length = readCompactLength(in, what);
        return length < 0 ? null : in.readSlice(length);
    }

    /** Writes a records field with an int32 length; the readable bytes of {@code records} are not consumed. */
    public static void writeNullableRecords(ByteBuf out, @Nullable ByteBuf records) {
        if (records == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(records.readableBytes());
            out.writeBytes(records, records.readerIndex(), records.readableBytes());
        }
    }

    /** Writes a compact records field; the readable bytes of {@code records} are not consumed. */
    public static void writeCompactNullableRecords(ByteBuf out, @Nullable ByteBuf records) {
        if (records == null) {
            out.writeByte(0);
        } else {
            writeUnsignedVarint(out, records.readableBytes() + 1);
            out.writeBytes(records, records.readerIndex(), records.readableBytes());
        }
    }

    /** The size of a records field with an int32 length. */
    public static int sizeOfNullableRecords(@Nullable ByteBuf records) {
        return records == null ? 4 : 4 + records.readableBytes();
    }

    /** The size of a compact records field. */
    public static int sizeOfCompactNullableRecords(@Nullable ByteBuf records) {
        if (records == null) {
            return 1;
        }
        int length = records.readableBytes();
        return sizeOfUnsignedVarint(length + 1) + length;
    }

    /** Whether two records fields hold the same bytes. */
    public static boolean recordsEqual(@Nullable ByteBuf a, @Nullable ByteBuf b) {
        if (a == null || b == null) {
            return a == b;
        }
        return ByteBufUtil.equals(a, b);
    }

    /** A hash of a records field's bytes. */
    public static int recordsHashCode(@Nullable ByteBuf records) {
        return records == null ? 0 : ByteBufUtil.hashCode(records);
    }

    // ------------------------------------------------------------------ tagged fields

    /** Reads the size of a tagged field's value, which must not exceed the readable bytes. */
    public static int readTaggedFieldSize(ByteBuf in, String what) {
        int raw = readUnsignedVarint(in, what);
        return checkLength(in, Integer.toUnsignedLong(raw), what);
    }

    /** Checks that reading a known tagged field consumed exactly its declared size. */
    public static void checkTaggedFieldEnd(ByteBuf in, int end, String what) {
        if (in.readerIndex() != end) {
            throw new ProtocolDecodeException("tagged field " + what + " did not match its declared size (off by "
                    + (in.readerIndex() - end) + " bytes)");
        }
    }

    /** Reads an unknown tagged field's value (its size already validated) and adds it to the list. */
    public static List<RawTaggedField> readRawTaggedField(
            ByteBuf in, @Nullable List<RawTaggedField> fields, int tag, int size) {
        List<RawTaggedField> list = fields == null ? new ArrayList<>(1) : fields;
        byte[] data = new byte[size];
        in.readBytes(data);
        list.add(new RawTaggedField(tag, data));
        return list;
    }

    /** The number of unknown tagged fields. */
    public static int countRawTaggedFields(@Nullable List<RawTaggedField> fields) {
        return fields == null ? 0 : fields.size();
    }

    /** The encoded size of the unknown tagged fields, tags and sizes included. */
    public static int sizeOfRawTaggedFields(@Nullable List<RawTaggedField> fields) {
        if (fields == null) {
            return 0;
        }
        int size = 0;
        for (int i = 0; i < fields.size(); i++) {
            RawTaggedField f = fields.get(i);
            int length = f.data().length;
            size += sizeOfUnsignedVarint(f.tag()) + sizeOfUnsignedVarint(length) + length;
        }
        return size;
    }

    /**
     * Writes the unknown tagged fields from index {@code from} whose tag is below {@code tagLimit}, so
     * that they interleave in tag order with the known ones; returns the index of the next one.
     */
    public static int writeRawTaggedFields(ByteBuf out, @Nullable List<RawTaggedField> fields, int from, int tagLimit) {
        if (fields == null) {
            return from;
        }
        int i = from;
        while (i < fields.size()) {
            RawTaggedField f = fields.get(i);
            if (f.tag() >= tagLimit) {
                break;
            }
            writeUnsignedVarint(out, f.tag());
            writeUnsignedVarint(out, f.data().length);
            out.writeBytes(f.data());
            i++;
        }
        return i;
    }

    /** Whether two lists of unknown tagged fields are equal, null counting as empty. */
    public static boolean taggedFieldsEqual(@Nullable List<RawTaggedField> a, @Nullable List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return a.equals(b);
    }

    /** A hash of unknown tagged fields, null counting as empty. */
    public static int taggedFieldsHashCode(@Nullable List<RawTaggedField> fields) {
        return fields == null || fields.isEmpty() ? 0 : fields.hashCode();
    }

    // ------------------------------------------------------------------ errors and text

    /** The error for a message read or written in a version it does not have. */
    public static UnsupportedVersionException unsupportedVersion(String message, short version) {
        return new UnsupportedVersionException(message + " does not support version " + version);
    }

    /** The error for a non-default, non-ignorable field written in a version lacking it. */
    public static UnsupportedVersionException unsupportedField(String message, String field, short version) {
        return new UnsupportedVersionException(
                message + " version " + version + " cannot carry field " + field + ", which has a non-default value");
    }

    /** The error for a null written in a field not nullable in that version. */
    public static UnsupportedVersionException unsupportedNull(String message, String field, short version) {
        return new UnsupportedVersionException(message + " version " + version + " cannot carry a null " + field);
    }

    /** The error for a null read in a field not nullable in that version. */
    public static ProtocolDecodeException unexpectedNull(String what) {
        return new ProtocolDecodeException(what + " is null but not nullable in this version");
    }

    /** The error for a read past the end of the input. */
    public static ProtocolDecodeException truncated(String message, short version, IndexOutOfBoundsException e) {
        return new ProtocolDecodeException("truncated input reading " + message + " version " + version, e);
    }

    /** {@code byte[n]} or {@code null}, for toString. */
    public static String bytesToString(byte @Nullable [] b) {
        return b == null ? "null" : "byte[" + b.length + "]";
    }

    /** The length of a records field, for toString. */
    public static String recordsToString(@Nullable ByteBuf records) {
        return records == null ? "null" : "records(" + records.readableBytes() + " bytes)";
    }
}
