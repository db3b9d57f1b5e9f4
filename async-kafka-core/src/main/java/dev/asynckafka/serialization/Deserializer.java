package dev.asynckafka.serialization;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of a record key or value into an application object.
 *
 * <p>{@code data} is a view of the record's bytes, from its position to its limit, with no copy
 * made (of the fetched or decompressed buffer; it may be a heap or a direct buffer), {@code null}
 * for a null key or value (a tombstone). Read it with relative or absolute getters, and do not
 * write to it. It is valid only during the call: a compressed batch is decompressed into a reused
 * work array, so copy what you keep (the bytes may be overwritten once the call returns). Implementations must be thread-safe: the consumer may call one
 * instance from several threads at once (for different partitions). An exception thrown here fails
 * the consumer's {@code getMany} with a {@code RecordDeserializationException} naming the topic,
 * partition and offset of the record.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {
    /**
     * Deserializes one key or value.
     *
     * @param topic the record's topic
     * @param data the bytes, or {@code null} for a null key or value
     * @return the object, or {@code null}
     */
    @Nullable
    T deserialize(String topic, @Nullable ByteBuffer data);
}
