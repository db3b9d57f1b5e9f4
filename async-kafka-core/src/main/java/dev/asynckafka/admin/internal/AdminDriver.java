package dev.asynckafka.admin.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.network.ApiVersionTable;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.FindCoordinatorRequest;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link AdminHandler}s: in rounds, routes every unfinished item (looking up partition leaders
 * in metadata and group coordinators with FindCoordinator, batched where the broker supports it),
 * sends one request per broker (or per item where the handler cannot batch), completes each item's
 * future from the response, and retries items that failed with a retriable error after {@code
 * retry.backoff.ms} (growing) until {@code default.api.timeout.ms}, when they fail with a {@link
 * TimeoutException} whose cause is their last error. Everything runs on the client's event loop;
 * every future completes there.
 */
public final class AdminDriver {
    /** FindCoordinator v4 takes a list of keys (KIP-699). */
    private static final short FIND_COORDINATOR_BATCHED = 4;

    private final ClientContext context;
    private final long timeoutNanos;

    public AdminDriver(ClientContext context, Duration timeout) {
        this.context = context;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The client's context (loop, metadata, connections). */
    public ClientContext context() {
        return context;
    }

    /**
     * Runs an operation over items; duplicates count once.
     *
     * @return a future per item, in the order given, each completed on the event loop; cancelling
     *     one stops its retries (a request already sent may still take effect)
     */
    public <K, V> Map<K, CompletableFuture<V>> run(AdminHandler<K, V> handler, Collection<K> keys) {
        return run(handler, keys, timeoutNanos);
    }

    /** Like {@link #run(AdminHandler, Collection)} with a time budget of its own. */
    public <K, V> Map<K, CompletableFuture<V>> run(AdminHandler<K, V> handler, Collection<K> keys, long budgetNanos) {
        Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
        for (K k : keys) {
            futures.computeIfAbsent(k, x -> new CompletableFuture<>());
        }
        if (futures.isEmpty()) {
            return futures;
        }
        Call<K, V> call = new Call<>(handler, futures, budgetNanos);
        if (context.isClosed() || !Loops.execute(context.loop(), call::begin)) {
            call.failAll(new KafkaException("The admin client is closed"));
        }
        return futures;
    }

    /** The remaining budget as a broker-side timeout in ms (for CreateTopics and the like). */
    public int brokerTimeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    }

    private final class Call<K, V> {
        private final AdminHandler<K, V> handler;
        private final Map<K, CompletableFuture<V>> futures;
        private final long budgetNanos;
        private final long deadline;
        private final Map<K, KafkaException> lastErrors = new HashMap<>();
        private final Map<String, Node> coordinators = new HashMap<>();
        private @Nullable ScheduledFuture<?> deadlineTimer;
        private int failedRounds;

        Call(AdminHandler<K, V> handler, Map<K, CompletableFuture<V>> futures, long budgetNanos) {
            this.handler = handler;
            this.futures = futures;
            this.budgetNanos = budgetNanos;
            this.deadline = context.nanoTime() + budgetNanos;
        }

        void begin() {
            // Items still waiting at the deadline (a slow broker, a request in flight) fail then.
            deadlineTimer = context.loop().schedule(this::timeOutAll, budgetNanos, TimeUnit.NANOSECONDS);
            round();
        }

        private List<K> pending() {
            List<K> keys = new ArrayList<>();
            futures.forEach((k, f) -> {
                if (!f.isDone()) {
                    keys.add(k);
                }
            });
            return keys;
        }

        private void round() {
            List<K> keys = pending();
            if (keys.isEmpty()) {
                finished();
                return;
            }
            if (context.isClosed()) {
                failAll(new KafkaException("The admin client is closed"));
                return;
            }
            Map<K, KafkaException> retry = new LinkedHashMap<>();
            context.start()
                    // The latest snapshot: start() keeps answering with the first one.
                    .thenCompose(first -> routes(context.metadata().snapshot(), keys, retry))
                    .thenCompose(byNode -> {
                        List<CompletableFuture<Void>> sends = new ArrayList<>();
                        byNode.forEach((node, batch) -> sends.add(send(node, batch, retry)));
                        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
                    })
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            // Bootstrap or lookup failed as a whole: every item shares the error.
                            KafkaException error = asKafka(Retry.unwrap(e));
                            for (K k : keys) {
                                retry.putIfAbsent(k, error);
                            }
                        }
                        afterRound(retry);
                    });
        }

        private void afterRound(Map<K, KafkaException> retry) {
            retry.forEach((k, error) -> {
                if (handler.retriable(error)) {
                    lastErrors.put(k, error);
                } else {
                    fail(k, error);
                }
            });
            if (pending().isEmpty()) {
                finished();
                return;
            }
            // Leaders, controllers or brokers changed: look again before the next round.
            context.metadata().refresh();
            long delay = context.retryBackoff().delayNanos(++failedRounds);
            if (context.nanoTime() + delay >= deadline) {
                timeOutAll();
                return;
            }
            context.loop().schedule(this::round, delay, TimeUnit.NANOSECONDS);
        }

        private void finished() {
            ScheduledFuture<?> t = deadlineTimer;
            if (t != null) {
                t.cancel(false);
            }
        }

        private void timeOutAll() {
            for (K k : pending()) {
                KafkaException last = lastErrors.get(k);
                fail(
                        k,
                        new TimeoutException(
                                (handler.name() + " " + handler.describe(k)).trim() + " did not succeed within "
                                        + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms"
                                        + (last == null ? "" : "; last error: " + last.getMessage()),
                                last));
            }
            finished();
        }

        void failAll(KafkaException error) {
            for (K k : futures.keySet()) {
                fail(k, error);
            }
            finished();
        }

        private void fail(K key, KafkaException error) {
            CompletableFuture<V> f = futures.get(key);
            if (f != null) {
                f.completeExceptionally(error);
            }
        }

        /** Groups the items by the broker they go to; items that cannot be routed now go to retry. */
        private CompletableFuture<Map<Node, List<K>>> routes(
                ClusterSnapshot snapshot, List<K> keys, Map<K, KafkaException> retry) {
            Map<K, Route> routes = new LinkedHashMap<>();
            Set<String> topics = new LinkedHashSet<>();
            Set<String> groups = new LinkedHashSet<>();
            for (K k : keys) {
                Route r = handler.route(k);
                routes.put(k, r);
                if (r instanceof Route.Leader l) {
                    topics.add(l.partition().topic());
                } else if (r instanceof Route.GroupCoordinator g && !coordinators.containsKey(g.groupId())) {
                    groups.add(g.groupId());
                }
            }
            Map<String, KafkaException> groupErrors = new HashMap<>();
            CompletableFuture<@Nullable MetadataResponse> leaders =
                    topics.isEmpty() ? CompletableFuture.completedFuture(null) : topicMetadata(topics);
            CompletableFuture<Void> lookups = groups.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : findCoordinators(snapshot, groups, groupErrors);
            // One broker for all items that any broker can answer, so that they share a request.
            List<Node> brokers = snapshot.brokerList();
            Node any = brokers.isEmpty()
                    ? null
                    : brokers.get(ThreadLocalRandom.current().nextInt(brokers.size()));
            return leaders.thenCombine(lookups, (metadata, ignored) -> {
                Map<Node, List<K>> byNode = new LinkedHashMap<>();
                routes.forEach((k, r) -> {
                    Node node = null;
                    KafkaException error = null;
                    if (r instanceof Route.AnyBroker) {
                        node = any;
                        error = node == null ? ErrorCode.NETWORK_EXCEPTION.exception("no broker known yet") : null;
                    } else if (r instanceof Route.Controller) {
                        node = context.metadata().snapshot().controller();
                        error = node == null ? ErrorCode.NOT_CONTROLLER.exception("no controller is known yet") : null;
                    } else if (r instanceof Route.Broker b) {
                        node = context.metadata().snapshot().broker(b.id());
                        error = node == null
                                ? new KafkaException("Broker " + b.id() + " is not a live broker of the cluster")
                                : null;
                    } else if (r instanceof Route.Leader l) {
                        Object found = leader(Objects.requireNonNull(metadata), l.partition());
                        if (found instanceof Node n) {
                            node = n;
                        } else if (found instanceof Final f) {
                            fail(k, f.error());
                            return;
                        } else {
                            error = (KafkaException) found;
                        }
                    } else if (r instanceof Route.GroupCoordinator g) {
                        node = coordinators.get(g.groupId());
                        error = node == null ? groupErrors.get(g.groupId()) : null;
                        if (node == null && error == null) {
                            error = ErrorCode.COORDINATOR_NOT_AVAILABLE.exception("group " + g.groupId());
                        }
                    }
                    if (node != null) {
                        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(k);
                    } else {
                        retry.put(k, Objects.requireNonNull(error));
                    }
                });
                return byNode;
            });
        }

        /**
         * The partition's leader as a {@link Node}, or the error that says why there is none: a
         * {@link KafkaException} to retry, or a {@link Final} one.
         */
        private Object leader(MetadataResponse metadata, TopicPartition tp) {
            Map<Integer, Node> brokers = new HashMap<>();
            for (MetadataResponse.MetadataResponseBroker b : metadata.brokers()) {
                brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
            }
            for (MetadataResponse.MetadataResponseTopic t : metadata.topics()) {
                if (!tp.topic().equals(t.name())) {
                    continue;
                }
                ErrorCode code = ErrorCode.forCode(t.errorCode());
                if (code != ErrorCode.NONE) {
                    KafkaException error = code.exception(handler.name() + " " + tp);
                    // A topic metadata does not know is an answer here, not a reason to wait.
                    return code == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? new Final(error) : error;
                }
                for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                    if (p.partitionIndex() == tp.partition()) {
                        Node n = brokers.get(p.leaderId());
                        return n != null ? n : ErrorCode.LEADER_NOT_AVAILABLE.exception(handler.name() + " " + tp);
                    }
                }
                // The topic exists but not this partition: no retry will make it appear.
                return new Final(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception(handler.name() + " " + tp
                        + ": the topic has " + t.partitions().size() + " partitions"));
            }
            return new Final(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception(handler.name() + " " + tp));
        }

        private CompletableFuture<@Nullable MetadataResponse> topicMetadata(Set<String> topics) {
            List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>();
            for (String t : topics) {
                list.add(new MetadataRequest.MetadataRequestTopic().setName(t));
            }
            return context.metadata()
                    .sendToAnyBroker(new MetadataRequest().setTopics(list).setAllowAutoTopicCreation(false));
        }

        private CompletableFuture<Void> findCoordinators(
                ClusterSnapshot snapshot, Set<String> groups, Map<String, KafkaException> errors) {
            List<Node> brokers = snapshot.brokerList();
            if (brokers.isEmpty()) {
                return CompletableFuture.failedFuture(
                        ErrorCode.COORDINATOR_NOT_AVAILABLE.exception("no broker known to ask for coordinators"));
            }
            Node node = brokers.get(ThreadLocalRandom.current().nextInt(brokers.size()));
            return version(node, ApiKey.FIND_COORDINATOR, Short.MAX_VALUE).thenCompose(v -> {
                List<CompletableFuture<Void>> lookups = new ArrayList<>();
                if (v >= FIND_COORDINATOR_BATCHED) {
                    FindCoordinatorRequest request = new FindCoordinatorRequest()
                            .setKeyType((byte) 0)
                            .setCoordinatorKeys(new ArrayList<>(groups));
                    lookups.add(context.pool()
                            .<FindCoordinatorResponse>send(node, TrafficClass.CONTROL, request, v)
                            .thenAccept(response -> {
                                for (FindCoordinatorResponse.Coordinator c : response.coordinators()) {
                                    coordinator(
                                            c.key(),
                                            c.errorCode(),
                                            c.errorMessage(),
                                            c.nodeId(),
                                            c.host(),
                                            c.port(),
                                            errors);
                                }
                            }));
                } else {
                    for (String group : groups) {
                        FindCoordinatorRequest request = new FindCoordinatorRequest()
                                .setKeyType((byte) 0)
                                .setKey(group);
                        lookups.add(context.pool()
                                .<FindCoordinatorResponse>send(node, TrafficClass.CONTROL, request, v)
                                .thenAccept(r -> coordinator(
                                        group,
                                        r.errorCode(),
                                        r.errorMessage(),
                                        r.nodeId(),
                                        r.host(),
                                        r.port(),
                                        errors)));
                    }
                }
                return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
            });
        }

        private void coordinator(
                String group,
                short errorCode,
                @Nullable String message,
                int nodeId,
                String host,
                int port,
                Map<String, KafkaException> errors) {
            ErrorCode code = ErrorCode.forCode(errorCode);
            if (code == ErrorCode.NONE) {
                // The broker as metadata knows it (with its rack), so that the connection pool sees
                // the same node and does not reconnect as if it had moved.
                Node known = context.metadata().snapshot().broker(nodeId);
                coordinators.put(
                        group,
                        known != null && known.host().equals(host) && known.port() == port
                                ? known
                                : new Node(nodeId, host, port, null));
            } else {
                errors.put(
                        group, code.exception(handler.name() + " finding the coordinator of group " + group, message));
            }
        }

        /** Sends the items for one broker, one request per batch; records outcomes. */
        private CompletableFuture<Void> send(Node node, List<K> keys, Map<K, KafkaException> retry) {
            return version(node, handler.api(), handler.maxVersion())
                    .thenCompose(v -> {
                        List<List<K>> batches = new ArrayList<>();
                        if (handler.batches(v)) {
                            batches.add(keys);
                        } else {
                            for (K k : keys) {
                                batches.add(List.of(k));
                            }
                        }
                        List<CompletableFuture<Void>> sent = new ArrayList<>();
                        for (List<K> batch : batches) {
                            sent.add(exchange(node, batch, v, retry));
                        }
                        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
                    })
                    .exceptionally(e -> {
                        KafkaException error = asKafka(Retry.unwrap(e));
                        for (K k : keys) {
                            retry.putIfAbsent(k, error);
                        }
                        return null;
                    });
        }

        private CompletableFuture<Void> exchange(
                Node node, List<K> batch, short version, Map<K, KafkaException> retry) {
            ApiMessage request = handler.request(batch, version);
            return context.pool()
                    .<ApiMessage>send(node, TrafficClass.CONTROL, request, version)
                    .handle((response, e) -> {
                        if (e != null) {
                            KafkaException error = asKafka(Retry.unwrap(e));
                            for (K k : batch) {
                                retry.put(k, error);
                            }
                            return null;
                        }
                        Outcomes<K, V> outcomes = new Outcomes<>(handler);
                        try {
                            handler.response(response, batch, version, outcomes);
                        } catch (RuntimeException bug) {
                            for (K k : batch) {
                                fail(k, new KafkaException(handler.name() + " could not read the response", bug));
                            }
                            return null;
                        }
                        for (K k : batch) {
                            if (outcomes.values.containsKey(k)) {
                                CompletableFuture<V> f = futures.get(k);
                                if (f != null) {
                                    f.complete(outcomes.values.get(k));
                                }
                            } else {
                                KafkaException error = outcomes.errors.get(k);
                                if (error == null) {
                                    fail(
                                            k,
                                            new KafkaException(handler.name() + ": " + node
                                                    + " answered without a result for " + handler.describe(k)));
                                    continue;
                                }
                                ErrorCode code = error.errorCode();
                                if (code != null && AdminHandler.reroutes(code)) {
                                    Route r = handler.route(k);
                                    if (r instanceof Route.GroupCoordinator g) {
                                        coordinators.remove(g.groupId());
                                    }
                                }
                                retry.put(k, error);
                            }
                        }
                        return null;
                    });
        }

        /** The version both sides support for the API on this broker's connection (opened if needed). */
        private CompletableFuture<Short> version(Node node, ApiKey api, short maxVersion) {
            return Loops.call(
                    context.loop(),
                    () -> context.pool()
                            .connection(node, TrafficClass.CONTROL)
                            .ready()
                            .thenApply(c -> {
                                ApiVersionTable versions = c.versions();
                                if (versions == null) {
                                    throw ErrorCode.NETWORK_EXCEPTION.exception("no ApiVersions from " + node);
                                }
                                return versions.select(api, maxVersion);
                            }));
        }
    }

    private static KafkaException asKafka(Throwable t) {
        return t instanceof KafkaException k ? k : new KafkaException(String.valueOf(t.getMessage()), t);
    }

    /** A routing error no retry can fix. */
    private record Final(KafkaException error) {}

    /** Groups items by a function, keeping order (for handlers that split per topic or group). */
    public static <K, G> Map<G, List<K>> groupBy(Collection<K> keys, Function<K, G> by) {
        Map<G, List<K>> grouped = new LinkedHashMap<>();
        for (K k : keys) {
            grouped.computeIfAbsent(by.apply(k), g -> new ArrayList<>()).add(k);
        }
        return grouped;
    }
}
