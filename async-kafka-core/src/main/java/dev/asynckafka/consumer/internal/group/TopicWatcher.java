package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what a subscription covers: the subscribed topics (for a pattern: the existing
 * non-internal topics whose names match it, listed with a Metadata request for all topics) and
 * their partition counts, checked now and every {@code metadata.max.age.ms}; after a failed check,
 * and while a subscribed topic does not exist yet, again after a backoff growing from {@code
 * retry.backoff.ms} to a few seconds (see {@link MissingTopics}). Calls back when either changed.
 * Event loop only, except {@link #missingTopics()}.
 */
final class TopicWatcher {
    private static final Logger log = LoggerFactory.getLogger(TopicWatcher.class);

    private final ClientContext context;
    private final BiConsumer<Set<String>, Map<String, Integer>> onChange;
    private Set<String> topics = Set.of();
    private @Nullable Pattern pattern;
    private volatile Set<String> lastTopics = Set.of();
    private Map<String, Integer> lastCounts = Map.of();
    private boolean known;
    private @Nullable ScheduledFuture<?> timer;
    private boolean running;
    private int epoch;
    private int failures;
    private final MissingTopics missing;

    /**
     * @param owner who subscribes, for log lines (for example {@code "Group orders"})
     */
    TopicWatcher(ClientContext context, String owner, BiConsumer<Set<String>, Map<String, Integer>> onChange) {
        this.context = context;
        this.onChange = onChange;
        this.missing = new MissingTopics(
                owner, context.options().retryBackoff(), context.options().metadataMaxAge());
    }

    /** Watches fixed topics, or the topics matching a pattern; checks at once. */
    void watch(Set<String> fixedTopics, @Nullable Pattern regex) {
        this.topics = Set.copyOf(fixedTopics);
        this.pattern = regex;
        this.known = false;
        this.lastTopics = Set.of();
        this.running = true;
        epoch++;
        check();
    }

    void stop() {
        running = false;
        epoch++;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        lastTopics = Set.of();
        lastCounts = Map.of();
        known = false;
        missing.clear();
    }

    /** Whether the subscription was resolved against the cluster since the last watch or stop. */
    boolean isResolved() {
        return known;
    }

    /** The subscribed topics that did not exist at the last check. Any thread. */
    Set<String> missingTopics() {
        return missing.missing();
    }

    /** The fixed topics of the subscription (empty for a pattern), resolved or not. */
    Set<String> subscribedTopics() {
        return topics;
    }

    /** The pattern of the subscription, or null for fixed topics. */
    @Nullable
    Pattern pattern() {
        return pattern;
    }

    /** The subscribed topics as last resolved (a pattern's matches); any thread. */
    Set<String> topics() {
        return lastTopics;
    }

    /** Partition counts of the subscribed topics that exist, as last seen. */
    Map<String, Integer> partitionCounts() {
        return lastCounts;
    }

    /** Checks now (and re-arms the periodic check). */
    void check() {
        if (!running) {
            return;
        }
        int myEpoch = epoch;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        resolveTopics()
                .thenCompose(names -> context.metadata()
                        .addTopics(names)
                        .thenCompose(s -> context.metadata().refresh())
                        .thenApply(snapshot -> Map.entry(names, snapshot)))
                .whenComplete((result, error) -> {
                    if (!running || myEpoch != epoch) {
                        return;
                    }
                    long next;
                    if (error != null) {
                        // Retry soon: until a check succeeds the group cannot be joined, and
                        // waiting metadata.max.age.ms (5 min by default) would idle the consumer.
                        failures++;
                        next = context.retryBackoff().delayNanos(failures);
                        log.debug("Checking subscribed topics failed ({} in a row): {}", failures, error.toString());
                    } else {
                        failures = 0;
                        next = apply(result.getKey(), result.getValue());
                    }
                    timer = context.loop().schedule(this::check, next, TimeUnit.NANOSECONDS);
                });
    }

    /** Takes in a successful check; returns the nanoseconds until the next one. */
    private long apply(Set<String> names, ClusterSnapshot snapshot) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, ErrorCode> errors = new TreeMap<>();
        for (String name : names) {
            TopicMetadata t = snapshot.topic(name);
            if (t != null && t.error() == ErrorCode.NONE && !t.partitions().isEmpty()) {
                counts.put(name, t.partitions().size());
            } else {
                ErrorCode error = t == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : t.error();
                // No error but no partitions either: being created, as LEADER_NOT_AVAILABLE.
                errors.put(name, error == ErrorCode.NONE ? ErrorCode.LEADER_NOT_AVAILABLE : error);
            }
        }
        // A pattern only covers topics that exist: none of them can be missing.
        long next = missing.onCheck(pattern == null ? names : Set.of(), errors, context.nanoTime());
        if (!known || !names.equals(lastTopics) || !counts.equals(lastCounts)) {
            known = true;
            lastTopics = Set.copyOf(names);
            lastCounts = Map.copyOf(counts);
            onChange.accept(lastTopics, lastCounts);
        }
        return next;
    }

    private CompletableFuture<Set<String>> resolveTopics() {
        Pattern p = pattern;
        if (p == null) {
            return CompletableFuture.completedFuture(new TreeSet<>(topics));
        }
        MetadataRequest request = new MetadataRequest().setTopics(null).setAllowAutoTopicCreation(false);
        return context.metadata().<MetadataResponse>sendToAnyBroker(request).thenApply(r -> {
            Set<String> out = new TreeSet<>();
            for (MetadataResponse.MetadataResponseTopic t : r.topics()) {
                String name = t.name();
                if (name != null
                        && !t.isInternal()
                        && t.errorCode() == ErrorCode.NONE.code()
                        && p.matcher(name).matches()) {
                    out.add(name);
                }
            }
            return out;
        });
    }
}
