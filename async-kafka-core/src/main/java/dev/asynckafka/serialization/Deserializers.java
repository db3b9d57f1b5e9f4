package dev.asynckafka.serialization;

import dev.asynckafka.errors.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The built-in {@link Deserializer}s, the counterparts of {@code Serializers} and byte-compatible
 * with kafka-clients' built-in deserializers of the same names. Each returns {@code null} for a
 * {@code null} input; all are stateless and thread-safe.
 */
public final class Deserializers {
    private static final Deserializer<String> UTF8 = string(StandardCharsets.UTF_8);

    private Deserializers() {}

    /** UTF-8 strings, as kafka-clients' {@code StringDeserializer}. */
    public static Deserializer<String> string() {
        return UTF8;
    }

    /** Strings in the given charset. */
    public static Deserializer<String> string(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return (topic, data) -> data == null ? null : decode(data, charset);
    }

    /** The bytes themselves (a copy), as kafka-clients' {@code ByteArrayDeserializer}. */
    public static Deserializer<byte[]> byteArray() {
        return (topic, data) -> data == null ? null : copy(data);
    }

    /** A heap {@link ByteBuffer} holding a copy of the bytes, positioned at 0. */
    public static Deserializer<ByteBuffer> byteBuffer() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(copy(data));
    }

    /** 4-byte big-endian integers, as kafka-clients' {@code IntegerDeserializer}. */
    public static Deserializer<Integer> integer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            requireSize(data, 4, "Integer");
            return data.getInt(data.position());
        };
    }

    /** 8-byte big-endian longs, as kafka-clients' {@code LongDeserializer}. */
    public static Deserializer<Long> longValue() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            requireSize(data, 8, "Long");
            return data.getLong(data.position());
        };
    }

    /**
     * UUIDs in their 36-character string form, as kafka-clients' {@code UUIDDeserializer}.
     *
     * @throws SerializationException if the bytes are not a UUID string
     */
    public static Deserializer<UUID> uuid() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            String text = decode(data, StandardCharsets.UTF_8);
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Not a UUID: '" + abbreviate(text) + "'", e);
            }
        };
    }

    /**
     * Always {@code null}; fails if the data is not null, as kafka-clients' {@code VoidDeserializer}.
     */
    public static Deserializer<Void> voidType() {
        return (topic, data) -> {
            if (data != null) {
                throw new SerializationException(
                        "Expected null data for the Void deserializer but got " + data.remaining() + " bytes");
            }
            return null;
        };
    }

    private static void requireSize(ByteBuffer data, int size, String type) {
        if (data.remaining() != size) {
            throw new SerializationException("Size of data received by the " + type + " deserializer is "
                    + data.remaining() + " bytes, not " + size);
        }
    }

    /** The bytes from position to limit, decoded; leaves the buffer's position alone. */
    private static String decode(ByteBuffer data, Charset charset) {
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(), charset);
        }
        return charset.decode(data.duplicate()).toString();
    }

    /** A copy of the bytes from position to limit; leaves the buffer's position alone. */
    private static byte[] copy(ByteBuffer data) {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
