package dev.asynckafka.serialization;

import org.jspecify.annotations.Nullable;

/**
 * Turns an application object into the bytes of a record key or value.
 *
 * <p>The producer calls a serializer on the thread that calls {@code send}, so a slow serializer
 * slows only its caller, never the client's event loop. Implementations must be thread-safe when
 * the producer is shared between threads. An exception thrown here fails that one {@code send}
 * and nothing else.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {
    /**
     * Serializes one key or value.
     *
     * @param topic the topic the record goes to
     * @param data the object; null for a null key or a tombstone value
     * @return the bytes, or null to write a null key or value
     */
    byte @Nullable [] serialize(String topic, @Nullable T data);
}
