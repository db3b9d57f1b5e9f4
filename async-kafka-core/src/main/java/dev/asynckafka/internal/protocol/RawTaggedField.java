package dev.asynckafka.internal.protocol;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A tagged field this client does not know, kept as raw bytes so that reading and writing a message
 * again preserves it.
 *
 * @param tag the field's tag
 * @param data the field's encoded value (without tag and size)
 */
public record RawTaggedField(int tag, byte[] data) {
    @Override
    public boolean equals(@Nullable Object obj) {
        return obj instanceof RawTaggedField other && other.tag == tag && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", " + data.length + " bytes)";
    }
}
