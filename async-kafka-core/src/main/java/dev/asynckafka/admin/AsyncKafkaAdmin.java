package dev.asynckafka.admin;

import dev.asynckafka.ClientResources;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.CreateTopicsRequest;
import dev.asynckafka.internal.protocol.message.CreateTopicsResponse;
import dev.asynckafka.internal.protocol.message.DeleteTopicsRequest;
import dev.asynckafka.internal.protocol.message.DeleteTopicsResponse;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.util.Closing;
import dev.asynckafka.internal.util.Retry;
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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous admin client: create, delete, list and describe topics, describe the cluster.
 *
 * <p>Nothing here blocks. Creating the client opens no connection; the first operation (or {@link
 * #start()}) bootstraps metadata from {@code bootstrap.servers}. Each operation retries retriable
 * errors (leader moves, controller moves, connection failures) with {@code retry.backoff.ms} until
 * {@code default.api.timeout.ms}, then fails with a {@link dev.asynckafka.errors.TimeoutException}
 * whose cause is the last error. Non-retriable errors fail at once with the typed exception of
 * their Kafka error code, naming the topic.
 *
 * <p>Threading: all returned futures complete on the client's Netty event loop. Callbacks attached
 * with {@code thenApply} and the like run there too and must not block; use the {@code *Async}
 * variants with an executor of your own for slow work. Methods are safe to call from any thread.
 *
 * <p>Cancelling or timing out a returned future stops only the application's wait: the request
 * may still take effect at the broker (a cancelled {@code createTopics} may still create the
 * topic). See the {@link dev.asynckafka package documentation}.
 */
public final class AsyncKafkaAdmin implements AutoCloseable {
    /** The close timeout of {@link #close()}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Closing.DEFAULT_TIMEOUT;

    /** DeleteTopics v6 names topics in a different field; v5 is understood by every broker from 2.1. */
    private static final short DELETE_TOPICS_MAX_VERSION = 5;

    private final AdminOptions options;
    private final ClientContext context;

    private AsyncKafkaAdmin(AdminOptions options, @Nullable ClientResources resources) {
        this.options = options;
        this.context = new ClientContext(options.client(), resources, false);
    }

    /** An admin client with its own event loop, shut down by {@link #close()}. */
    public static AsyncKafkaAdmin create(AdminOptions options) {
        return new AsyncKafkaAdmin(Objects.requireNonNull(options, "options"), null);
    }

    /** An admin client on shared resources, which it never shuts down. */
    public static AsyncKafkaAdmin create(AdminOptions options, ClientResources resources) {
        return new AsyncKafkaAdmin(
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(resources, "resources"));
    }

    /** The options this client was built with. */
    public AdminOptions options() {
        return options;
    }

    /**
     * Bootstraps: fetches cluster metadata, trying each bootstrap address in turn.
     *
     * @return completes when a broker answered; fails with a retriable {@link
     *     dev.asynckafka.errors.NetworkException} naming the addresses if none did
     */
    public CompletableFuture<Void> start() {
        return context.start().thenApply(s -> null);
    }

    /**
     * Creates topics. Completes when the controller accepted all of them and metadata shows every
     * partition of each with a leader, so the topics can be used at once.
     *
     * @return fails with the typed exception of the first topic that could not be created (for
     *     example {@link dev.asynckafka.errors.TopicExistsException}); others are added as
     *     suppressed exceptions
     */
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        Map<String, NewTopic> remaining = new LinkedHashMap<>();
        for (NewTopic t : topics) {
            remaining.put(t.name(), t);
        }
        if (remaining.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<KafkaException> failures = new ArrayList<>();
        List<String> created = new ArrayList<>();
        return retrying("createTopics " + remaining.keySet(), () -> {
                    CreateTopicsRequest request = new CreateTopicsRequest().setTimeoutMs((int) Math.min(
                            Integer.MAX_VALUE, options.defaultApiTimeout().toMillis()));
                    List<CreateTopicsRequest.CreatableTopic> list = new ArrayList<>();
                    for (NewTopic t : remaining.values()) {
                        List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
                        t.configs()
                                .forEach((k, v) -> configs.add(new CreateTopicsRequest.CreatableTopicConfig()
                                        .setName(k)
                                        .setValue(v)));
                        list.add(new CreateTopicsRequest.CreatableTopic()
                                .setName(t.name())
                                .setNumPartitions(t.partitions())
                                .setReplicationFactor(t.replicationFactor())
                                .setConfigs(configs));
                    }
                    request.setTopics(list);
                    return this.<CreateTopicsResponse>sendToController(request).thenCompose(response -> {
                        KafkaException retriable = null;
                        for (CreateTopicsResponse.CreatableTopicResult r : response.topics()) {
                            ErrorCode code = ErrorCode.forCode(r.errorCode());
                            if (code == ErrorCode.NONE) {
                                remaining.remove(r.name());
                                created.add(r.name());
                                continue;
                            }
                            KafkaException e = code.exception("creating topic " + r.name(), r.errorMessage());
                            if (e.isRetriable()) {
                                retriable = e;
                            } else {
                                remaining.remove(r.name());
                                failures.add(e);
                            }
                        }
                        return retriable != null && !remaining.isEmpty()
                                ? CompletableFuture.failedFuture(retriable)
                                : CompletableFuture.completedFuture(null);
                    });
                })
                .thenCompose(v -> awaitVisible(created))
                .thenCompose(v -> failWithAll(failures));
    }

    /**
     * Waits until the created topics show in metadata with a leader for every partition: the
     * controller accepts a topic before brokers know it, and code that lists, produces or consumes
     * right after creating would otherwise race it.
     */
    private CompletableFuture<Void> awaitVisible(List<String> topics) {
        if (topics.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return retrying(
                "waiting for new topics " + topics + " to get leaders",
                () -> metadata(topics).thenCompose(response -> {
                    for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                        ErrorCode code = ErrorCode.forCode(t.errorCode());
                        boolean leaders = t.partitions().stream().allMatch(p -> p.leaderId() >= 0);
                        if (code != ErrorCode.NONE || t.partitions().isEmpty() || !leaders) {
                            return CompletableFuture.<Void>failedFuture(
                                    ErrorCode.LEADER_NOT_AVAILABLE.exception("new topic " + t.name()));
                        }
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                }));
    }

    /** Creates one topic; see {@link #createTopics(Collection)}. */
    public CompletableFuture<Void> createTopic(NewTopic topic) {
        return createTopics(List.of(topic));
    }

    /**
     * Deletes topics by name.
     *
     * @return fails with the typed exception of the first topic that could not be deleted (for
     *     example {@link dev.asynckafka.errors.UnknownTopicOrPartitionException}); others suppressed
     */
    public CompletableFuture<Void> deleteTopics(Collection<String> names) {
        Set<String> remaining = new LinkedHashSet<>(names);
        if (remaining.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<KafkaException> failures = new ArrayList<>();
        return retrying("deleteTopics " + remaining, () -> {
                    DeleteTopicsRequest request = new DeleteTopicsRequest()
                            .setTopicNames(new ArrayList<>(remaining))
                            .setTimeoutMs((int) Math.min(
                                    Integer.MAX_VALUE,
                                    options.defaultApiTimeout().toMillis()));
                    return this.<DeleteTopicsResponse>sendToController(request, DELETE_TOPICS_MAX_VERSION)
                            .thenCompose(response -> {
                                KafkaException retriable = null;
                                for (DeleteTopicsResponse.DeletableTopicResult r : response.responses()) {
                                    String name = String.valueOf(r.name());
                                    ErrorCode code = ErrorCode.forCode(r.errorCode());
                                    if (code == ErrorCode.NONE) {
                                        remaining.remove(name);
                                        continue;
                                    }
                                    KafkaException e = code.exception("deleting topic " + name, r.errorMessage());
                                    if (e.isRetriable() && code != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                                        retriable = e;
                                    } else {
                                        remaining.remove(name);
                                        failures.add(e);
                                    }
                                }
                                return retriable != null && !remaining.isEmpty()
                                        ? CompletableFuture.failedFuture(retriable)
                                        : CompletableFuture.completedFuture(null);
                            });
                })
                .thenCompose(v -> failWithAll(failures));
    }

    /** Lists the names of all topics except Kafka's internal ones. */
    public CompletableFuture<Set<String>> listTopics() {
        return listTopics(false);
    }

    /**
     * Lists the names of all topics.
     *
     * @param includeInternal whether to include topics Kafka uses itself, such as {@code
     *     __consumer_offsets}
     */
    public CompletableFuture<Set<String>> listTopics(boolean includeInternal) {
        return retrying(
                "listTopics",
                () -> metadata(null).thenApply(response -> {
                    Set<String> names = new TreeSet<>();
                    for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                        if (t.name() != null
                                && ErrorCode.forCode(t.errorCode()) == ErrorCode.NONE
                                && (includeInternal || !t.isInternal())) {
                            names.add(t.name());
                        }
                    }
                    return names;
                }));
    }

    /**
     * Describes topics: ids, partitions, leaders, replicas.
     *
     * @return fails with {@link dev.asynckafka.errors.UnknownTopicOrPartitionException} naming a
     *     topic that does not exist; retries while a new topic has no leader yet
     */
    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names) {
        List<String> wanted = List.copyOf(new LinkedHashSet<>(names));
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return retrying(
                "describeTopics " + wanted,
                e -> e.isRetriable() && e.errorCode() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                () -> metadata(wanted).thenCompose(response -> {
                    Map<Integer, Node> brokers = new HashMap<>();
                    for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
                        brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
                    }
                    Function<Integer, Node> node = id -> brokers.getOrDefault(id, new Node(id, "", -1, null));
                    Map<String, TopicDescription> result = new LinkedHashMap<>();
                    for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                        String name = String.valueOf(t.name());
                        ErrorCode code = ErrorCode.forCode(t.errorCode());
                        if (code != ErrorCode.NONE) {
                            return CompletableFuture.failedFuture(code.exception("describing topic " + name));
                        }
                        List<TopicPartitionInfo> partitions = new ArrayList<>();
                        for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                            partitions.add(new TopicPartitionInfo(
                                    p.partitionIndex(),
                                    p.leaderId() < 0 ? null : node.apply(p.leaderId()),
                                    p.leaderEpoch(),
                                    p.replicaNodes().stream().map(node).toList(),
                                    p.isrNodes().stream().map(node).toList(),
                                    p.offlineReplicas().stream().map(node).toList()));
                        }
                        partitions.sort(java.util.Comparator.comparingInt(TopicPartitionInfo::partition));
                        result.put(name, new TopicDescription(name, t.topicId(), t.isInternal(), partitions));
                    }
                    Map<String, TopicDescription> ordered = new LinkedHashMap<>();
                    for (String n : wanted) {
                        TopicDescription d = result.get(n);
                        if (d == null) {
                            return CompletableFuture.failedFuture(
                                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("describing topic " + n));
                        }
                        ordered.put(n, d);
                    }
                    return CompletableFuture.completedFuture(ordered);
                }));
    }

    /** Describes the cluster: id, controller, live brokers. */
    public CompletableFuture<ClusterDescription> describeCluster() {
        return retrying(
                "describeCluster",
                () -> metadata(List.of()).thenApply(response -> {
                    List<Node> nodes = new ArrayList<>();
                    Node controller = null;
                    for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
                        Node n = new Node(b.nodeId(), b.host(), b.port(), b.rack());
                        nodes.add(n);
                        if (b.nodeId() == response.controllerId()) {
                            controller = n;
                        }
                    }
                    nodes.sort(java.util.Comparator.comparingInt(Node::id));
                    return new ClusterDescription(response.clusterId(), controller, nodes);
                }));
    }

    /**
     * The broker addresses (bootstrap servers or brokers, as {@code host:port}) this client could
     * not connect to at its last attempt, each with the cause and the number of failed attempts in a
     * row; empty when every address tried last was reached. For health checks: it says why a
     * cluster does not answer. Each failing address is also logged at WARN when it first fails and
     * then at most every 30 s. Any thread, no I/O.
     */
    public Map<String, String> connectionFailures() {
        return context.pool().connectionFailures();
    }

    /**
     * Closes connections; operations still running fail with a {@link
     * dev.asynckafka.errors.KafkaException} saying the client is closed. Idempotent.
     *
     * @return completes when the client's resources are released, on an event loop thread;
     *     cancelling it only stops that future: the close goes on
     */
    public CompletableFuture<Void> closeAsync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return context.close(timeout).copy();
    }

    /**
     * Closes the admin client as {@link #closeAsync(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}
     * and waits for it, so that after a try-with-resources block it is closed. The one blocking
     * method: it waits at most the timeout plus a few seconds, does not wait when called on the
     * client's own event loop, and logs rather than throws when the close fails or is late.
     */
    @Override
    public void close() {
        Closing.await(closeAsync(DEFAULT_CLOSE_TIMEOUT), DEFAULT_CLOSE_TIMEOUT, context.loop(), "Admin client");
    }

    private CompletableFuture<MetadataResponse> metadata(@Nullable List<String> topics) {
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(false);
        if (topics == null) {
            request.setTopics(null);
        } else {
            List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>();
            for (String t : topics) {
                list.add(new MetadataRequest.MetadataRequestTopic().setName(t));
            }
            request.setTopics(list);
        }
        return context.start().thenCompose(s -> context.metadata().sendToAnyBroker(request));
    }

    private <R extends ApiMessage> CompletableFuture<R> sendToController(ApiMessage request) {
        return sendToController(request, Short.MAX_VALUE);
    }

    /** To the controller metadata names (brokers before KRaft require it), else any broker. */
    private <R extends ApiMessage> CompletableFuture<R> sendToController(ApiMessage request, short maxVersion) {
        return context.start().thenCompose(s -> {
            ClusterSnapshot snapshot = context.metadata().snapshot();
            Node controller = snapshot.controller();
            if (controller == null) {
                return context.metadata().refresh().thenCompose(fresh -> {
                    Node c = fresh.controller();
                    return c == null
                            ? CompletableFuture.failedFuture(
                                    ErrorCode.NOT_CONTROLLER.exception("no controller is known yet"))
                            : context.pool().<R>send(c, TrafficClass.CONTROL, request, maxVersion);
                });
            }
            return context.pool().<R>send(controller, TrafficClass.CONTROL, request, maxVersion);
        });
    }

    private <T> CompletableFuture<T> retrying(String what, java.util.function.Supplier<CompletableFuture<T>> attempt) {
        return retrying(what, KafkaException::isRetriable, attempt);
    }

    private <T> CompletableFuture<T> retrying(
            String what,
            java.util.function.Predicate<KafkaException> retryOn,
            java.util.function.Supplier<CompletableFuture<T>> attempt) {
        if (context.isClosed()) {
            return CompletableFuture.failedFuture(new KafkaException("The admin client is closed"));
        }
        long timeout = options.defaultApiTimeout().toNanos();
        return Retry.withBackoff(
                context.loop(),
                context.retryBackoff(),
                timeout,
                what,
                retryOn,
                () -> attempt.get().whenComplete((v, e) -> {
                    if (e != null && Retry.unwrap(e) instanceof KafkaException ke && ke.isRetriable()) {
                        // Leader, controller or broker changes: look again before the next attempt.
                        context.metadata().refresh();
                    }
                }));
    }

    private static CompletableFuture<Void> failWithAll(List<KafkaException> failures) {
        if (failures.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        KafkaException first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) {
            first.addSuppressed(failures.get(i));
        }
        return CompletableFuture.failedFuture(first);
    }
}
