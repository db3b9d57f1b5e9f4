package dev.asynckafka.security;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret (password, key store password) that never shows in logs, {@code toString()} or
 * exception messages: it prints as {@code [hidden]}.
 */
public final class Password {
    private final char[] value;

    private Password(char[] value) {
        this.value = value.clone();
    }

    /** Wraps a secret given as text. */
    public static Password of(String value) {
        return new Password(Objects.requireNonNull(value, "password").toCharArray());
    }

    /** A copy of the secret's characters. */
    public char[] chars() {
        return value.clone();
    }

    /** The secret as text; only for the code that must send or use it. */
    public String reveal() {
        return new String(value);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Password p && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
