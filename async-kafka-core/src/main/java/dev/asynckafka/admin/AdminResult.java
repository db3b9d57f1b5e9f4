package dev.asynckafka.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The result of an admin operation over several items (topics, partitions, groups, resources): one
 * future per item, so that one failing item leaves the others' results intact, plus {@link #all()}
 * for callers who want all or nothing.
 *
 * <p>Every future completes on the admin client's event loop; callbacks attached with {@code
 * thenApply} and the like run there and must not block. Cancelling an item's future stops the
 * retries of that item only: a request already sent may still take effect at the broker.
 *
 * @param <K> the item type, such as a topic name or a {@link dev.asynckafka.common.TopicPartition}
 * @param <V> the value each item ends with ({@code Void} for operations that only succeed or fail)
 */
public final class AdminResult<K, V> {
    private final Map<K, CompletableFuture<V>> values;
    private final CompletableFuture<Map<K, V>> all;

    /**
     * A result over the given futures, in the given order. For tests and wrappers; the admin client
     * builds its own.
     */
    public AdminResult(Map<K, CompletableFuture<V>> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.all = allOf(this.values);
    }

    /**
     * The future of each item, in the order the items were given (duplicates once). Each fails with
     * the typed exception of its Kafka error, naming the item, or with a {@link
     * dev.asynckafka.errors.TimeoutException} when retriable errors outlasted {@code
     * default.api.timeout.ms}.
     */
    public Map<K, CompletableFuture<V>> values() {
        return values;
    }

    /**
     * The future of one item.
     *
     * @throws NoSuchElementException if the item was not part of the operation
     */
    public CompletableFuture<V> value(K key) {
        CompletableFuture<V> f = values.get(Objects.requireNonNull(key, "key"));
        if (f == null) {
            throw new NoSuchElementException(key + " was not part of this operation; items: " + values.keySet());
        }
        return f;
    }

    /**
     * Completes with every item's value (in item order; {@code null} values for {@code Void}
     * operations) once all succeeded; fails once all finished and one failed, with the first failed
     * item's exception (in item order), the very instance that item's {@link #value} fails with.
     * The other items' failures are read from {@link #values()}: they are not attached to that
     * exception, since one exception instance may be shared by several items or operations.
     * Cancelling it cancels nothing else.
     */
    public CompletableFuture<Map<K, V>> all() {
        return all.copy();
    }

    private static <K, V> CompletableFuture<Map<K, V>> allOf(Map<K, CompletableFuture<V>> values) {
        CompletableFuture<Map<K, V>> result = new CompletableFuture<>();
        CompletableFuture.allOf(values.values().toArray(CompletableFuture[]::new))
                .whenComplete((ignored, e) -> {
                    Map<K, @Nullable V> map = new LinkedHashMap<>();
                    @Nullable Throwable first = null;
                    for (Map.Entry<K, CompletableFuture<V>> entry : values.entrySet()) {
                        try {
                            map.put(entry.getKey(), entry.getValue().join());
                        } catch (CompletionException | java.util.concurrent.CancellationException x) {
                            if (first == null) {
                                first = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
                            }
                        }
                    }
                    if (first == null) {
                        @SuppressWarnings("unchecked")
                        Map<K, V> complete = (Map<K, V>) (Map<K, ?>) Collections.unmodifiableMap(map);
                        result.complete(complete);
                    } else {
                        result.completeExceptionally(first);
                    }
                });
        return result;
    }

    @Override
    public String toString() {
        return "AdminResult" + values.keySet();
    }
}
