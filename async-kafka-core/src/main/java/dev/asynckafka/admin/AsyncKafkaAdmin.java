package dev.asynckafka.admin;

import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.internal.AdminDriver;
import dev.asynckafka.admin.internal.AdminHandler;
import dev.asynckafka.admin.internal.AlterGroupOffsetsHandler;
import dev.asynckafka.admin.internal.AlterScramCredentialsHandler;
import dev.asynckafka.admin.internal.CreateAclsHandler;
import dev.asynckafka.admin.internal.CreatePartitionsHandler;
import dev.asynckafka.admin.internal.CreateTopicsHandler;
import dev.asynckafka.admin.internal.DeleteAclsHandler;
import dev.asynckafka.admin.internal.DeleteGroupOffsetsHandler;
import dev.asynckafka.admin.internal.DeleteGroupsHandler;
import dev.asynckafka.admin.internal.DeleteRecordsHandler;
import dev.asynckafka.admin.internal.DeleteTopicsHandler;
import dev.asynckafka.admin.internal.DescribeAclsHandler;
import dev.asynckafka.admin.internal.DescribeClassicGroupsHandler;
import dev.asynckafka.admin.internal.DescribeConfigsHandler;
import dev.asynckafka.admin.internal.DescribeConsumerGroupsHandler;
import dev.asynckafka.admin.internal.DescribeFeaturesHandler;
import dev.asynckafka.admin.internal.DescribeScramCredentialsHandler;
import dev.asynckafka.admin.internal.DescribeTopicsHandler;
import dev.asynckafka.admin.internal.IncrementalAlterConfigsHandler;
import dev.asynckafka.admin.internal.ListGroupOffsetsHandler;
import dev.asynckafka.admin.internal.ListGroupsHandler;
import dev.asynckafka.admin.internal.ListOffsetsHandler;
import dev.asynckafka.admin.internal.MetadataHandler;
import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.GroupIdNotFoundException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.util.Closing;
import dev.asynckafka.internal.util.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous admin client: topics and partitions, configs, consumer groups and their offsets,
 * offsets and records of partitions, ACLs, SCRAM credentials, the cluster and its features.
 *
 * <p>Operations over several items (topics, groups, partitions, resources) return an {@link
 * AdminResult}: a future per item, so one failing item leaves the others' results intact, plus
 * {@link AdminResult#all()}. Each request goes to the broker that must answer it (the controller,
 * a partition's leader, a group's coordinator found with FindCoordinator, a given broker, or any);
 * items that meet a routing error (not the controller, not the coordinator, not the leader) are
 * routed again.
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

    private final AdminOptions options;
    private final ClientContext context;
    private final AdminDriver driver;

    private AsyncKafkaAdmin(AdminOptions options, @Nullable ClientResources resources) {
        this.options = options;
        this.context = new ClientContext(options.client(), resources, false);
        this.driver = new AdminDriver(context, options.defaultApiTimeout());
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
     * Creates topics, all or nothing for the caller: as {@link #createTopicsEach(Collection,
     * boolean)} followed by {@link AdminResult#all()}. Completes when every topic was created and
     * metadata shows every partition of each with a leader, so the topics can be used at once.
     *
     * @return fails with the typed exception of the first topic that could not be created (for
     *     example {@link dev.asynckafka.errors.TopicExistsException}); {@link #createTopicsEach(Collection, boolean)} gives
     *     every topic's own result. Topics that could be created are created all the same.
     */
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        return createTopicsEach(topics, false).all().thenApply(m -> null);
    }

    /**
     * Creates topics (or only checks that they could be created), with a result per topic: one
     * topic failing leaves the others' results intact. A topic's future completes once the
     * controller accepted it and metadata shows every partition with a leader; with {@code
     * validateOnly} as soon as the controller accepted the request, nothing being created.
     *
     * @param validateOnly whether the broker only validates (name, partitions, replication,
     *     configs) without creating
     * @return per topic name: fails with the typed exception of the topic's error ({@link
     *     dev.asynckafka.errors.TopicExistsException}, {@link
     *     dev.asynckafka.errors.InvalidReplicationFactorException}, {@link
     *     dev.asynckafka.errors.InvalidConfigurationException}, ...) naming the topic
     * @throws IllegalArgumentException if one name is given twice with different settings
     */
    public AdminResult<String, Void> createTopicsEach(Collection<NewTopic> topics, boolean validateOnly) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        for (NewTopic t : topics) {
            NewTopic before = byName.put(t.name(), t);
            if (before != null && !before.equals(t)) {
                throw new IllegalArgumentException("Topic " + t.name() + " is given twice with different settings");
            }
        }
        Map<String, CompletableFuture<Void>> created =
                driver.run(new CreateTopicsHandler(byName, validateOnly, driver.brokerTimeoutMs()), byName.keySet());
        if (validateOnly) {
            return new AdminResult<>(created);
        }
        Map<String, CompletableFuture<Void>> visible = new LinkedHashMap<>();
        created.forEach((name, f) -> visible.put(
                name,
                thenAwait(
                        f,
                        () -> driver.run(new DescribeTopicsHandler(true), List.of(name))
                                .get(name))));
        return new AdminResult<>(visible);
    }

    /** Creates one topic; see {@link #createTopics(Collection)}. */
    public CompletableFuture<Void> createTopic(NewTopic topic) {
        return createTopics(List.of(topic));
    }

    /**
     * Deletes topics by name, all or nothing for the caller: as {@link #deleteTopicsEach(Collection)}
     * followed by {@link AdminResult#all()}.
     *
     * @return fails with the typed exception of the first topic that could not be deleted (for
     *     example {@link dev.asynckafka.errors.UnknownTopicOrPartitionException}); {@link #deleteTopicsEach(Collection)} gives every
     *     topic's own result
     */
    public CompletableFuture<Void> deleteTopics(Collection<String> names) {
        return deleteTopicsEach(names).all().thenApply(m -> null);
    }

    /**
     * Deletes topics by name with a result per topic. A topic's future completes when the controller
     * deleted it (brokers may list it for a moment longer).
     *
     * @return per topic name; fails with {@link dev.asynckafka.errors.UnknownTopicOrPartitionException}
     *     at once for a topic that does not exist
     */
    public AdminResult<String, Void> deleteTopicsEach(Collection<String> names) {
        return new AdminResult<>(driver.run(new DeleteTopicsHandler(driver.brokerTimeoutMs()), names));
    }

    /**
     * Adds partitions to existing topics, with a result per topic. A topic's future completes when
     * metadata shows the new partitions with leaders, so they can be used at once.
     *
     * @param newTotals per topic, the total number of partitions it should have (more than now)
     * @return per topic: fails with {@link dev.asynckafka.errors.InvalidPartitionsException} when the
     *     count is not larger than the current one, {@link
     *     dev.asynckafka.errors.UnknownTopicOrPartitionException} for a topic that does not exist
     */
    public AdminResult<String, Void> createPartitions(Map<String, Integer> newTotals) {
        return createPartitions(newTotals, false);
    }

    /**
     * Like {@link #createPartitions(Map)}; with {@code validateOnly} the broker only checks the
     * request and changes nothing.
     */
    public AdminResult<String, Void> createPartitions(Map<String, Integer> newTotals, boolean validateOnly) {
        Map<String, Integer> totals = new LinkedHashMap<>(newTotals);
        totals.forEach((topic, count) -> {
            if (count == null || count < 1) {
                throw new IllegalArgumentException(
                        "New partition count of " + topic + " must be positive, was " + count);
            }
        });
        Map<String, CompletableFuture<Void>> added = driver.run(
                new CreatePartitionsHandler(totals, validateOnly, driver.brokerTimeoutMs()), totals.keySet());
        if (validateOnly) {
            return new AdminResult<>(added);
        }
        // As after creating topics: wait until metadata shows the new partitions with leaders.
        Map<String, CompletableFuture<Void>> visible = new LinkedHashMap<>();
        added.forEach((name, f) -> visible.put(
                name,
                thenAwait(
                        f,
                        () -> driver.run(new DescribeTopicsHandler(true, totals), List.of(name))
                                .get(name))));
        return new AdminResult<>(visible);
    }

    /**
     * Completes when {@code accepted} and then the wait it starts both succeed. Unlike {@code
     * thenCompose}, cancelling the result reaches whichever stage is running, so a cancelled item
     * stops retrying its request or its wait for leaders.
     */
    private static CompletableFuture<Void> thenAwait(
            CompletableFuture<Void> accepted, Supplier<CompletableFuture<?>> wait) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        AtomicReference<@Nullable CompletableFuture<?>> waiting = new AtomicReference<>();
        accepted.whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            if (result.isDone()) {
                return;
            }
            CompletableFuture<?> w = wait.get();
            waiting.set(w);
            w.whenComplete((d, e2) -> {
                if (e2 != null) {
                    result.completeExceptionally(e2);
                } else {
                    result.complete(null);
                }
            });
            if (result.isCancelled()) {
                w.cancel(false);
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                accepted.cancel(false);
                CompletableFuture<?> w = waiting.get();
                if (w != null) {
                    w.cancel(false);
                }
            }
        });
        return result;
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
        return single(new MetadataHandler<>("listTopics", true, response -> {
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
     * Describes topics: ids, partitions, leaders, replicas; all or nothing for the caller, as {@link
     * #describeTopicsEach(Collection, Collection)} without configs followed by {@link
     * AdminResult#all()}.
     *
     * @return fails with {@link dev.asynckafka.errors.UnknownTopicOrPartitionException} naming a
     *     topic that does not exist; retries while a new topic has no leader yet
     */
    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names) {
        return describeTopicsEach(names, List.of()).all();
    }

    /**
     * Describes topics with a result per topic, each with the configuration settings asked for.
     *
     * @param configNames settings to include in each {@link TopicDescription#configs()} (such as
     *     {@code retention.ms}); empty for none. Names the broker does not know are left out.
     * @return per topic: fails with {@link dev.asynckafka.errors.UnknownTopicOrPartitionException}
     *     for a topic that does not exist, {@link dev.asynckafka.errors.TopicAuthorizationException}
     *     for one the principal may not describe
     */
    public AdminResult<String, TopicDescription> describeTopicsEach(
            Collection<String> names, Collection<String> configNames) {
        Map<String, CompletableFuture<TopicDescription>> described =
                driver.run(new DescribeTopicsHandler(false), names);
        if (configNames.isEmpty()) {
            return new AdminResult<>(described);
        }
        List<ConfigResource> resources =
                described.keySet().stream().map(ConfigResource::topic).toList();
        Map<ConfigResource, CompletableFuture<Map<String, ConfigEntry>>> configs =
                driver.run(new DescribeConfigsHandler(List.copyOf(configNames)), resources);
        Map<String, CompletableFuture<TopicDescription>> combined = new LinkedHashMap<>();
        described.forEach((name, f) -> combined.put(
                name, f.thenCombine(configs.get(ConfigResource.topic(name)), TopicDescription::withConfigs)));
        return new AdminResult<>(combined);
    }

    /** Describes the cluster: id, controller, live brokers. */
    public CompletableFuture<ClusterDescription> describeCluster() {
        return single(new MetadataHandler<>("describeCluster", false, response -> {
            List<Node> nodes = new ArrayList<>();
            Node controller = null;
            for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
                Node n = new Node(b.nodeId(), b.host(), b.port(), b.rack());
                nodes.add(n);
                if (b.nodeId() == response.controllerId()) {
                    controller = n;
                }
            }
            nodes.sort(Comparator.comparingInt(Node::id));
            return new ClusterDescription(response.clusterId(), controller, nodes);
        }));
    }

    /**
     * Describes the configuration of topics and brokers, with a result per resource.
     *
     * @return per resource, its settings by name (with where each value comes from); fails with
     *     {@link dev.asynckafka.errors.UnknownTopicOrPartitionException} for a topic that does not
     *     exist, or a {@link KafkaException} for a broker id that is not a live broker
     */
    public AdminResult<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources) {
        return new AdminResult<>(driver.run(new DescribeConfigsHandler(null), resources));
    }

    /**
     * Like {@link #describeConfigs(Collection)}, returning only the named settings.
     *
     * @param configNames the settings to return; names the broker does not know are left out
     */
    public AdminResult<ConfigResource, Map<String, ConfigEntry>> describeConfigs(
            Collection<ConfigResource> resources, Collection<String> configNames) {
        return new AdminResult<>(driver.run(new DescribeConfigsHandler(List.copyOf(configNames)), resources));
    }

    /**
     * Changes settings of topics and brokers, each change on its own (set, delete, append,
     * subtract) leaving the resource's other settings as they are. A broker's own settings go to
     * that broker; topics and cluster-wide broker defaults (broker name {@code ""}) to any broker.
     *
     * @return per resource: fails with {@link dev.asynckafka.errors.InvalidConfigurationException}
     *     for an unknown setting or a bad value, {@link
     *     dev.asynckafka.errors.UnknownTopicOrPartitionException} for a topic that does not exist
     */
    public AdminResult<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, List<AlterConfigOp>> changes) {
        return incrementalAlterConfigs(changes, false);
    }

    /**
     * Like {@link #incrementalAlterConfigs(Map)}; with {@code validateOnly} the broker only checks
     * the changes.
     */
    public AdminResult<ConfigResource, Void> incrementalAlterConfigs(
            Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly) {
        Map<ConfigResource, List<AlterConfigOp>> copy = new LinkedHashMap<>();
        changes.forEach((r, ops) -> copy.put(Objects.requireNonNull(r, "resource"), List.copyOf(ops)));
        return new AdminResult<>(driver.run(new IncrementalAlterConfigsHandler(copy, validateOnly), copy.keySet()));
    }

    /**
     * Lists the groups of the cluster, asking every broker for the groups it coordinates.
     *
     * @param states only groups in these states (as the broker names them: {@code Stable}, {@code
     *     Empty}, ...; matched case-insensitively by the broker); empty for all. Needs ListGroups v4.
     * @param types only groups of these types ({@code classic}, {@code consumer}, {@code share},
     *     {@code streams}); empty for all. Needs ListGroups v5 (Kafka 3.8+).
     * @return the groups ordered by id; fails with the first broker's error when one could not be
     *     asked (an {@link dev.asynckafka.errors.UnsupportedVersionException} when a filter needs a
     *     newer broker)
     */
    public CompletableFuture<List<GroupListing>> listGroups(Set<String> states, Set<String> types) {
        List<String> stateList = List.copyOf(states);
        List<String> typeList = List.copyOf(types);
        return context.start()
                .thenCompose(first -> {
                    List<Integer> brokers = context.metadata().snapshot().brokerList().stream()
                            .map(Node::id)
                            .toList();
                    return new AdminResult<>(driver.run(new ListGroupsHandler(stateList, typeList), brokers)).all();
                })
                .thenApply(byBroker -> {
                    List<GroupListing> all = new ArrayList<>();
                    byBroker.values().forEach(all::addAll);
                    all.sort(Comparator.comparing(GroupListing::groupId));
                    return List.copyOf(all);
                });
    }

    /** Lists every group of the cluster; see {@link #listGroups(Set, Set)}. */
    public CompletableFuture<List<GroupListing>> listGroups() {
        return listGroups(Set.of(), Set.of());
    }

    /**
     * Describes consumer groups with their members and assignments, whichever protocol they use:
     * ConsumerGroupDescribe first (KIP-848 groups), DescribeGroups for classic groups (decoding
     * each member's consumer protocol assignment) and for brokers without the new API.
     *
     * @return per group: fails with {@link dev.asynckafka.errors.GroupIdNotFoundException} for a
     *     group that does not exist (brokers before Kafka 4.0 describe it with state {@code Dead}
     *     instead), {@link dev.asynckafka.errors.GroupAuthorizationException} for a group the
     *     principal may not see
     */
    public AdminResult<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds) {
        Map<String, CompletableFuture<ConsumerGroupDescription>> modern =
                driver.run(new DescribeConsumerGroupsHandler(), groupIds);
        Map<String, CompletableFuture<ConsumerGroupDescription>> described = new LinkedHashMap<>();
        modern.forEach((group, f) -> described.put(
                group,
                f.handle((d, e) -> {
                            if (e == null) {
                                return CompletableFuture.completedFuture(d);
                            }
                            Throwable cause = Retry.unwrap(e);
                            if (cause instanceof GroupIdNotFoundException
                                    || cause instanceof UnsupportedVersionException) {
                                // A classic group (or a broker before KIP-848): ask the old way.
                                return driver.run(new DescribeClassicGroupsHandler(), List.of(group))
                                        .get(group);
                            }
                            return CompletableFuture.<ConsumerGroupDescription>failedFuture(cause);
                        })
                        .thenCompose(x -> x)));
        return new AdminResult<>(described);
    }

    /**
     * Deletes consumer groups (their committed offsets included).
     *
     * @return per group: fails with {@link dev.asynckafka.errors.GroupNotEmptyException} while the
     *     group has members, {@link dev.asynckafka.errors.GroupIdNotFoundException} for a group that
     *     does not exist
     */
    public AdminResult<String, Void> deleteConsumerGroups(Collection<String> groupIds) {
        return new AdminResult<>(driver.run(new DeleteGroupsHandler(), groupIds));
    }

    /**
     * Lists the committed offsets of consumer groups, batched per coordinator where the broker
     * supports it (OffsetFetch v8).
     *
     * @return per group, its committed offsets by partition (partitions without a commit left out;
     *     empty for a group that does not exist)
     */
    public AdminResult<String, Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(
            Collection<String> groupIds) {
        return new AdminResult<>(driver.run(new ListGroupOffsetsHandler(), groupIds));
    }

    /**
     * Sets committed offsets of a consumer group, as a reset tool does: the group must have no
     * active members.
     *
     * @return per partition: fails with {@link dev.asynckafka.errors.UnknownMemberIdException} while
     *     the group has members, {@link dev.asynckafka.errors.UnknownTopicOrPartitionException} for
     *     a partition that does not exist
     */
    public AdminResult<TopicPartition, Void> alterConsumerGroupOffsets(
            String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Objects.requireNonNull(groupId, "groupId");
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>(offsets);
        copy.forEach((tp, o) -> {
            if (o == null || o.offset() < 0) {
                throw new IllegalArgumentException("Offset of " + tp + " must not be negative, was " + o);
            }
        });
        return new AdminResult<>(driver.run(new AlterGroupOffsetsHandler(groupId, copy), copy.keySet()));
    }

    /**
     * Deletes committed offsets of a consumer group for some partitions.
     *
     * @return per partition: fails with {@link dev.asynckafka.errors.GroupSubscribedToTopicException}
     *     while a member is subscribed to its topic, {@link
     *     dev.asynckafka.errors.GroupIdNotFoundException} for a group that does not exist
     */
    public AdminResult<TopicPartition, Void> deleteConsumerGroupOffsets(
            String groupId, Collection<TopicPartition> partitions) {
        Objects.requireNonNull(groupId, "groupId");
        return new AdminResult<>(driver.run(new DeleteGroupOffsetsHandler(groupId), partitions));
    }

    /**
     * The lag of a consumer group: for every partition it committed an offset for, that offset and
     * the partition's end offset.
     *
     * @return the lag per partition; fails with the error of the first partition whose end could not
     *     be listed (a topic deleted since the commit: {@link
     *     dev.asynckafka.errors.UnknownTopicOrPartitionException})
     */
    public CompletableFuture<Map<TopicPartition, PartitionLag>> consumerGroupLag(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        return listConsumerGroupOffsets(List.of(groupId)).value(groupId).thenCompose(committed -> {
            Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
            committed.keySet().forEach(tp -> specs.put(tp, OffsetSpec.latest()));
            return listOffsets(specs).all().thenApply(ends -> {
                Map<TopicPartition, PartitionLag> lag = new LinkedHashMap<>();
                committed.forEach((tp, o) ->
                        lag.put(tp, new PartitionLag(o.offset(), ends.get(tp).offset())));
                return Collections.unmodifiableMap(lag);
            });
        });
    }

    /**
     * Looks offsets up, asking each partition's leader: the earliest, the latest, the first at a
     * timestamp, or the one with the highest timestamp.
     *
     * @return per partition: fails with {@link dev.asynckafka.errors.UnknownTopicOrPartitionException}
     *     for a partition that does not exist; leader moves are retried
     */
    public AdminResult<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, OffsetSpec> copy = new LinkedHashMap<>(specs);
        copy.forEach((tp, spec) -> Objects.requireNonNull(spec, () -> "offset spec of " + tp));
        return new AdminResult<>(driver.run(new ListOffsetsHandler(copy, driver.brokerTimeoutMs()), copy.keySet()));
    }

    /**
     * Deletes the records of partitions before the given offsets (moves their log start offset).
     *
     * @param beforeOffsets per partition, the first offset to keep; {@code -1} for the high watermark
     *     (deletes every record)
     * @return per partition, its new low watermark; fails with {@link
     *     dev.asynckafka.errors.OffsetOutOfRangeException} for an offset past the high watermark,
     *     {@link dev.asynckafka.errors.PolicyViolationException} for a compacted topic
     */
    public AdminResult<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        Map<TopicPartition, Long> copy = new LinkedHashMap<>(beforeOffsets);
        copy.forEach((tp, offset) -> {
            if (offset == null || offset < -1) {
                throw new IllegalArgumentException("Offset of " + tp + " must be -1 or more, was " + offset);
            }
        });
        return new AdminResult<>(driver.run(new DeleteRecordsHandler(copy, driver.brokerTimeoutMs()), copy.keySet()));
    }

    /**
     * Describes the cluster's feature flags (KIP-584): the finalized version of each feature (such
     * as {@code metadata.version}) and the versions the answering broker supports.
     *
     * @return fails with {@link dev.asynckafka.errors.UnsupportedVersionException} for brokers
     *     before Kafka 2.7, which do not report features
     */
    public CompletableFuture<FeatureMetadata> describeFeatures() {
        return single(new DescribeFeaturesHandler());
    }

    /**
     * Creates ACL bindings (needs a broker with an authorizer, such as KRaft's {@code
     * StandardAuthorizer}). Creating a binding that exists already succeeds.
     *
     * @return per binding: fails with {@link dev.asynckafka.errors.SecurityDisabledException} when
     *     the broker has no authorizer, {@link dev.asynckafka.errors.ClusterAuthorizationException}
     *     when the principal may not alter the cluster, {@link
     *     dev.asynckafka.errors.InvalidRequestException} for a binding the broker refuses
     */
    public AdminResult<AclBinding, Void> createAcls(Collection<AclBinding> bindings) {
        return new AdminResult<>(driver.run(new CreateAclsHandler(), bindings));
    }

    /**
     * Lists the ACL bindings that match a filter.
     *
     * @return the bindings; fails with {@link dev.asynckafka.errors.SecurityDisabledException} when
     *     the broker has no authorizer
     */
    public CompletableFuture<List<AclBinding>> describeAcls(AclBindingFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return driver.run(new DescribeAclsHandler(), List.of(filter)).get(filter);
    }

    /**
     * Deletes the ACL bindings that match each filter.
     *
     * @return per filter, the bindings it deleted (empty when none matched)
     */
    public AdminResult<AclBindingFilter, List<AclBinding>> deleteAcls(Collection<AclBindingFilter> filters) {
        return new AdminResult<>(driver.run(new DeleteAclsHandler(), filters));
    }

    /**
     * Describes the SCRAM credentials (mechanism and iterations, never secrets) of users.
     *
     * @return per user: fails with {@link dev.asynckafka.errors.ResourceNotFoundException} for a
     *     user without credentials
     */
    public AdminResult<String, List<ScramCredentialInfo>> describeUserScramCredentials(Collection<String> users) {
        Map<String, CompletableFuture<Map<String, List<ScramCredentialInfo>>>> raw =
                driver.run(new DescribeScramCredentialsHandler(false), users);
        Map<String, CompletableFuture<List<ScramCredentialInfo>>> perUser = new LinkedHashMap<>();
        raw.forEach((user, f) -> perUser.put(user, f.thenApply(m -> m.get(user))));
        return new AdminResult<>(perUser);
    }

    /** The SCRAM credentials of every user that has any, by user name. */
    public CompletableFuture<Map<String, List<ScramCredentialInfo>>> describeUserScramCredentials() {
        return single(new DescribeScramCredentialsHandler(true));
    }

    /**
     * Creates, replaces or deletes users' SCRAM credentials. Passwords are salted and hashed on the
     * calling thread (PBKDF2, a few milliseconds per upsertion); only salted passwords travel.
     *
     * <p>The broker takes one alteration per user per request: give a user's second mechanism in a
     * later call (two for one user fail together with {@link
     * dev.asynckafka.errors.DuplicateResourceException}).
     *
     * @return per user: fails with {@link
     *     dev.asynckafka.errors.ResourceNotFoundException} when deleting a credential that does not
     *     exist, {@link dev.asynckafka.errors.UnacceptableCredentialException} for a credential the
     *     broker refuses
     * @throws dev.asynckafka.errors.KafkaException if the JDK lacks the PBKDF2 algorithm
     */
    public AdminResult<String, Void> alterUserScramCredentials(List<ScramCredentialAlteration> alterations) {
        Map<String, List<ScramCredentialAlteration>> byUser = new LinkedHashMap<>();
        for (ScramCredentialAlteration a : alterations) {
            byUser.computeIfAbsent(Objects.requireNonNull(a, "alteration").user(), u -> new ArrayList<>())
                    .add(a);
        }
        return new AdminResult<>(driver.run(new AlterScramCredentialsHandler(byUser), byUser.keySet()));
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

    /** Runs a handler over one item: for operations without items. */
    private <V> CompletableFuture<V> single(AdminHandler<String, V> handler) {
        return driver.run(handler, List.of(handler.name())).get(handler.name());
    }
}
