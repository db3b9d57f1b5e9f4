package dev.asynckafka.record;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record header: a non-null key and a nullable value.
 *
 * @param key the header key
 * @param value the header value, or null
 */
public record Header(String key, byte @Nullable [] value) {
    /** Shared empty headers array. */
    static final Header[] EMPTY = new Header[0];

    public Header {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
