package dev.asynckafka.admin.internal;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes a handler reads from one response: a value, or an error per item. Whether an error
 * is retried is the driver's decision (through {@link AdminHandler#retriable(KafkaException)}).
 * Event loop only.
 */
public final class Outcomes<K, V> {
    private final AdminHandler<K, V> handler;
    final Map<K, @Nullable V> values = new LinkedHashMap<>();
    final Map<K, KafkaException> errors = new LinkedHashMap<>();

    Outcomes(AdminHandler<K, V> handler) {
        this.handler = handler;
    }

    /** The item succeeded with this value. */
    public void succeed(K key, @Nullable V value) {
        errors.remove(key);
        values.put(key, value);
    }

    /** The item failed (retried if retriable for the handler). */
    public void fail(K key, KafkaException error) {
        values.remove(key);
        errors.put(key, error);
    }

    /**
     * The item's error code from the response: {@code NONE} is left to the caller; any other code
     * fails the item with its typed exception, naming the operation and the item.
     *
     * @return whether the code was {@code NONE}
     */
    public boolean check(K key, short errorCode, @Nullable String message) {
        ErrorCode code = ErrorCode.forCode(errorCode);
        if (code == ErrorCode.NONE) {
            return true;
        }
        fail(key, code.exception(handler.name() + " " + handler.describe(key), message));
        return false;
    }
}
