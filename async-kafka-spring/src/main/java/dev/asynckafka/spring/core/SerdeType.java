package dev.asynckafka.spring.core;

/**
 * The serializer or deserializer of record keys or values, chosen by property ({@code
 * async-kafka.producer.value-serializer=json}, ...).
 */
public enum SerdeType {
    /**
     * By type: {@code String}, {@code byte[]}, {@code ByteBuffer}, {@code Integer}, {@code Long} and
     * {@code UUID} natively, any other type as JSON. Serializers look at each object's class,
     * deserializers at the type to deliver (for example a listener parameter).
     */
    AUTO,
    /** UTF-8 text. */
    STRING,
    /** The bytes as they are ({@code byte[]}). */
    BYTES,
    /** The bytes as a {@code java.nio.ByteBuffer}. */
    BYTE_BUFFER,
    /** 4-byte big-endian integers. */
    INTEGER,
    /** 8-byte big-endian longs. */
    LONG,
    /** UUIDs in their 36-character text form. */
    UUID,
    /** JSON through the application's Jackson {@code JsonMapper}. */
    JSON
}
