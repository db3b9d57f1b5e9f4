package dev.asynckafka.serialization;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Built-in {@link Serializer}s, byte for byte compatible with kafka-clients' serializers of the
 * same types, so records written with either are read by the other. Every one maps null to null
 * and is stateless and thread-safe.
 */
public final class Serializers {
    private static final Serializer<String> STRING =
            (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    private static final Serializer<byte[]> BYTE_ARRAY = (topic, data) -> data;
    private static final Serializer<ByteBuffer> BYTE_BUFFER = Serializers::byteBufferBytes;
    private static final Serializer<Integer> INTEGER = (topic, data) -> data == null ? null : intBytes(data);
    private static final Serializer<Long> LONG = (topic, data) -> data == null ? null : longBytes(data);
    private static final Serializer<UUID> UUID_SERIALIZER =
            (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    private static final Serializer<Void> VOID = (topic, data) -> null;

    private Serializers() {}

    /** UTF-8 encoding of the string (kafka-clients' {@code StringSerializer} with its default encoding). */
    public static Serializer<String> string() {
        return STRING;
    }

    /** The array itself, not copied: do not change it until the send future completes. */
    public static Serializer<byte[]> byteArray() {
        return BYTE_ARRAY;
    }

    /**
     * The buffer's bytes from index 0 to its limit, as kafka-clients' {@code ByteBufferSerializer}
     * writes them (it rewinds the buffer; this one leaves the buffer's position untouched). A heap
     * buffer that spans its whole array is passed on without a copy.
     */
    public static Serializer<ByteBuffer> byteBuffer() {
        return BYTE_BUFFER;
    }

    /** Four bytes, big-endian (kafka-clients' {@code IntegerSerializer}). */
    public static Serializer<Integer> integer() {
        return INTEGER;
    }

    /** Eight bytes, big-endian (kafka-clients' {@code LongSerializer}). */
    public static Serializer<Long> longValue() {
        return LONG;
    }

    /** The UUID's 36-character string form in UTF-8 (kafka-clients' {@code UUIDSerializer}). */
    public static Serializer<UUID> uuid() {
        return UUID_SERIALIZER;
    }

    /** Always null: for records without a key, or tombstones (kafka-clients' {@code VoidSerializer}). */
    public static Serializer<Void> voidType() {
        return VOID;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static byte @Nullable [] byteBufferBytes(String topic, @Nullable ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray() && data.arrayOffset() == 0 && data.limit() == data.array().length) {
            return data.array();
        }
        byte[] bytes = new byte[data.limit()];
        data.get(0, bytes);
        return bytes;
    }
}
