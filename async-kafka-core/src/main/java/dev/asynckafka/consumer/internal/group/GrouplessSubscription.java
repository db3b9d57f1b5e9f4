package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.consumer.internal.ConsumerCore;
import dev.asynckafka.consumer.internal.group.ListenerInvoker.Kind;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code subscribe} without a {@code group.id}: the consumer is assigned every partition of the
 * subscribed topics (or of the topics matching the pattern) and follows topics and partitions
 * appearing and disappearing, calling the listener for partitions removed and added. Event loop
 * only.
 */
public final class GrouplessSubscription {
    private final ConsumerCore<?, ?> core;
    private final ListenerInvoker invoker;
    private final TopicWatcher watcher;
    private RebalanceListener listener = RebalanceListener.NOOP;
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    public GrouplessSubscription(ConsumerCore<?, ?> core, Executor executor, Duration listenerTimeout) {
        this.core = core;
        this.invoker = new ListenerInvoker(core.context().loop(), executor, listenerTimeout, "(none)");
        this.watcher = new TopicWatcher(
                core.context(), "Consumer " + core.context().options().clientId() + " (no group)", this::onChange);
    }

    public void subscribe(Set<String> topics, @Nullable Pattern pattern, RebalanceListener l) {
        this.listener = l;
        watcher.watch(topics, pattern);
    }

    /** The topics the subscription resolved to at the last check (a pattern's matches); any thread. */
    public Set<String> resolvedTopics() {
        return watcher.topics();
    }

    /** The subscribed topics that did not exist at the last check; any thread. */
    public Set<String> missingTopics() {
        return watcher.missingTopics();
    }

    /**
     * A fetch found a subscribed topic missing from the cluster (deleted): re-check the
     * subscription now rather than at the next periodic check. Event loop.
     */
    public void recheckTopics() {
        watcher.check();
    }

    public CompletableFuture<Void> unsubscribe() {
        watcher.stop();
        onChange(Set.of(), Map.of());
        return chain;
    }

    private void onChange(Set<String> topics, Map<String, Integer> counts) {
        chain = chain.thenCompose(v -> {
            Set<TopicPartition> target = new LinkedHashSet<>();
            counts.forEach((t, n) -> {
                for (int p = 0; p < n; p++) {
                    target.add(new TopicPartition(t, p));
                }
            });
            Set<TopicPartition> current = core.assignedPartitions();
            Set<TopicPartition> removed = new LinkedHashSet<>(current);
            removed.removeAll(target);
            Set<TopicPartition> added = new LinkedHashSet<>(target);
            added.removeAll(current);
            CompletableFuture<Void> revoke = removed.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : invoker.invoke(listener, Kind.REVOKED, removed);
            return revoke.thenCompose(x -> {
                core.assign(target);
                return added.isEmpty()
                        ? CompletableFuture.<Void>completedFuture(null)
                        : invoker.invoke(listener, Kind.ASSIGNED, added);
            });
        });
    }
}
