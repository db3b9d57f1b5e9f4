package dev.asynckafka.spring.core;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

/**
 * Writes and reads JSON for {@link AsyncKafkaSerdes}. The auto-configuration provides one backed by
 * the application's Jackson {@code JsonMapper} when Jackson is on the class path; a bean of this
 * type replaces it. Implementations must be thread-safe.
 */
public interface JsonCodec {

    /**
     * The JSON bytes of a value.
     *
     * @throws dev.asynckafka.errors.SerializationException if the value cannot be written
     */
    byte[] write(Object value);

    /**
     * The value of the given type read from JSON bytes (from the buffer's position to its limit; the
     * buffer is not changed).
     *
     * @throws dev.asynckafka.errors.SerializationException if the bytes are not JSON of that type
     */
    Object read(ByteBuffer data, Type type);
}
