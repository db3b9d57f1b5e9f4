package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.CommitFailedException;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.consumer.ConsumerMetrics.GroupState;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.RebalanceProtocol;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.consumer.internal.ConsumerCore;
import dev.asynckafka.consumer.internal.group.ListenerInvoker.Kind;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.protocol.message.HeartbeatRequest;
import dev.asynckafka.internal.protocol.message.HeartbeatResponse;
import dev.asynckafka.internal.protocol.message.JoinGroupRequest;
import dev.asynckafka.internal.protocol.message.JoinGroupResponse;
import dev.asynckafka.internal.protocol.message.LeaveGroupRequest;
import dev.asynckafka.internal.protocol.message.LeaveGroupResponse;
import dev.asynckafka.internal.protocol.message.SyncGroupRequest;
import dev.asynckafka.internal.protocol.message.SyncGroupResponse;
import dev.asynckafka.internal.util.Loops;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's membership in its group under the classic protocol, as a state machine on the
 * consumer's event loop: FindCoordinator, JoinGroup (the leader runs the assignor), SyncGroup, then
 * Heartbeat on a timer of its own — independent of the application — until a rebalance, a poll
 * timeout, {@code unsubscribe} or close (LeaveGroup, except for static members).
 *
 * <p>Rebalances call the {@link RebalanceListener} through {@link ListenerInvoker}. Under the eager
 * protocol all owned partitions are revoked before joining; under the cooperative one only those
 * the new assignment takes away, after which the member rejoins once more (KIP-429). With {@code
 * enable.auto.commit}, positions are committed every {@code auto.commit.interval.ms}, before
 * revocation and on close.
 *
 * <p>All methods run on the event loop; futures complete there.
 */
public final class GroupCoordinator {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final String PROTOCOL_TYPE = "consumer";

    private enum State {
        UNJOINED,
        REBALANCING,
        STABLE
    }

    private final ConsumerCore<?, ?> core;
    private final ClientContext context;
    private final ConsumerOptions options;
    private final String groupId;
    private final @Nullable String instanceId;
    private final CoordinatorLink link;
    private final OffsetClient offsets;
    private final ListenerInvoker invoker;
    private final TopicWatcher watcher;
    private final RebalanceProtocol protocol;
    private final List<PartitionAssignor> assignors;

    private RebalanceListener listener = RebalanceListener.NOOP;
    private boolean subscribed;
    private boolean closed;
    // Volatile (single writer: the loop) where metrics() reads them from other threads.
    private volatile State state = State.UNJOINED;
    private volatile String memberId = "";
    private volatile int generation = -1;
    private @Nullable String protocolName;
    private boolean joining;
    private boolean joinInFlight;
    /** JoinGroup/SyncGroup rounds that failed in a row; the retry backoff grows with it. */
    private int joinFailures;

    private boolean rejoinNeeded;
    private boolean heartbeatInFlight;
    private boolean leftOnPollTimeout;
    private long lastPollNanos;
    private List<TopicPartition> lastAssignment = List.of();
    private int lastGeneration = -1;
    private volatile @Nullable KafkaException fatal;
    private @Nullable ScheduledFuture<?> heartbeatTimer;
    private @Nullable ScheduledFuture<?> autoCommitTimer;
    private @Nullable ScheduledFuture<?> pollTimer;
    private int rebalances;
    private final RebalanceStats stats;

    public GroupCoordinator(ConsumerCore<?, ?> core, ConsumerOptions options, String groupId) {
        this.core = core;
        this.context = core.context();
        this.lastPollNanos = context.nanoTime();
        this.stats = new RebalanceStats(context.loop().ticker());
        this.options = options;
        this.groupId = groupId;
        this.instanceId = options.groupInstanceId();
        long apiTimeout = options.defaultApiTimeout().toNanos();
        this.link = new CoordinatorLink(context, groupId, apiTimeout);
        this.offsets = new OffsetClient(context, link, groupId, apiTimeout);
        this.invoker = new ListenerInvoker(context.loop(), options.executor(), options.rebalanceTimeout(), groupId);
        this.watcher = new TopicWatcher(context, "Group " + groupId, this::onTopicsChanged);
        this.assignors = options.assignors();
        boolean allCooperative =
                assignors.stream().allMatch(a -> a.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE));
        this.protocol = allCooperative ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
    }

    // ------------------------------------------------------------------ subscription

    /** Subscribes to fixed topics or a pattern; (re)joins once the topics are resolved. */
    public void subscribe(Set<String> topics, @Nullable Pattern pattern, RebalanceListener l) {
        if (closed) {
            return;
        }
        this.listener = l;
        this.subscribed = true;
        this.lastPollNanos = context.nanoTime();
        startTimers();
        watcher.watch(topics, pattern);
    }

    public boolean isSubscribed() {
        return subscribed;
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

    /** Number of completed joins, for tests and gauges. */
    public int rebalances() {
        return rebalances;
    }

    /** The membership right now. */
    public GroupMetadata metadata() {
        return new GroupMetadata(groupId, generation, memberId, instanceId);
    }

    /** The current generation, or -1. */
    public int generation() {
        return generation;
    }

    /**
     * The membership and rebalance counters with the given partition progress and assignment time;
     * any thread, no I/O.
     */
    public ConsumerMetrics metrics(Map<TopicPartition, PartitionMetrics> partitions, long lastAssignmentEpochMs) {
        GroupState groupState;
        if (fatal != null) {
            groupState = GroupState.FAILED;
        } else if (stats.inProgress()) {
            groupState = GroupState.REBALANCING;
        } else if (state == State.STABLE && generation >= 0) {
            groupState = GroupState.STABLE;
        } else {
            groupState = GroupState.UNJOINED;
        }
        return new ConsumerMetrics(
                groupId,
                memberId,
                generation,
                groupState,
                stats.completedCount(),
                stats.failedCount(),
                stats.total(),
                stats.last(),
                stats.inProgress(),
                lastAssignmentEpochMs,
                partitions);
    }

    private void onTopicsChanged(Set<String> topics, Map<String, Integer> counts) {
        if (!subscribed || closed) {
            return;
        }
        log.debug("Group {}: subscribed topics {} with partition counts {}", groupId, topics, counts);
        requestRejoin("the subscription resolved to " + topics + " with partition counts " + counts);
    }

    /** Leaves the group (revoking partitions first) and stops; the consumer stays usable. */
    public CompletableFuture<Void> unsubscribe() {
        if (!subscribed) {
            return CompletableFuture.completedFuture(null);
        }
        subscribed = false;
        Map<String, Integer> existing = existingTopics();
        watcher.stop();
        stopTimers();
        return leaveGroup("the consumer unsubscribed", existing);
    }

    /** Commits (auto commit), revokes, and leaves the group unless static. */
    public CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        boolean wasSubscribed = subscribed;
        subscribed = false;
        Map<String, Integer> existing = existingTopics();
        watcher.stop();
        stopTimers();
        CompletableFuture<Void> f = wasSubscribed
                ? leaveGroup("the consumer is closing", existing)
                : CompletableFuture.completedFuture(null);
        return f.whenComplete((v, e) -> closed = true);
    }

    private CompletableFuture<Void> leaveGroup(String reason, @Nullable Map<String, Integer> existing) {
        Set<TopicPartition> owned = core.assignedPartitions();
        CompletableFuture<Void> revoke;
        if (generation >= 0) {
            revoke = commitIfAuto(owned, existing).thenCompose(v -> revoke(owned));
        } else {
            revoke = owned.isEmpty() ? CompletableFuture.completedFuture(null) : lose(owned);
        }
        return revoke.thenCompose(v -> sendLeave(reason)).whenComplete((v, e) -> {
            stats.abandoned();
            state = State.UNJOINED;
            generation = -1;
            if (instanceId == null) {
                memberId = "";
            }
        });
    }

    private CompletableFuture<Void> sendLeave(String reason) {
        if (instanceId != null || memberId.isEmpty() || !link.isKnown()) {
            // Static members stay in the group until their session times out (KIP-345).
            return CompletableFuture.completedFuture(null);
        }
        log.info("Group {}: member {} leaves the group: {}", groupId, memberId, reason);
        LeaveGroupRequest request = new LeaveGroupRequest()
                .setGroupId(groupId)
                .setMembers(new ArrayList<>(List.of(new LeaveGroupRequest.MemberIdentity()
                        .setMemberId(memberId)
                        .setReason(reason))));
        return link.<LeaveGroupResponse>send(request, LeaveGroupRequest.HIGHEST_SUPPORTED_VERSION)
                .handle((r, e) -> null);
    }

    // ------------------------------------------------------------------ polling

    /** The application asked for records: resets the poll timer, rejoins after a poll timeout. */
    public void onPoll() {
        lastPollNanos = context.nanoTime();
        if (leftOnPollTimeout && subscribed) {
            leftOnPollTimeout = false;
            requestRejoin("the application asked for records again after a poll timeout");
        }
    }

    private void checkPollTimeout() {
        if (!subscribed || leftOnPollTimeout || generation < 0) {
            return;
        }
        long idle = context.nanoTime() - lastPollNanos;
        if (idle > options.maxPollInterval().toNanos()) {
            log.warn(
                    "Group {}: the application has not asked for records for {} ms, more than max.poll.interval.ms"
                            + " ({} ms): member {} leaves the group and rejoins on the next getMany/getOne",
                    groupId,
                    TimeUnit.NANOSECONDS.toMillis(idle),
                    options.maxPollInterval().toMillis(),
                    memberId);
            leftOnPollTimeout = true;
            Set<TopicPartition> owned = core.assignedPartitions();
            String leaving = memberId;
            sendLeave("consumer poll timeout has expired");
            generation = -1;
            state = State.UNJOINED;
            stats.abandoned();
            if (instanceId == null) {
                memberId = "";
            }
            if (!owned.isEmpty()) {
                invoker.invoke(listener, Kind.LOST, owned).whenComplete((v, e) -> core.removePartitions(owned));
            }
            log.debug("Group {}: former member {} is out of the group", groupId, leaving);
        }
    }

    // ------------------------------------------------------------------ join and sync

    /** Rejoins the group at once (a no-op while not subscribed or already joining); event loop. */
    public void enforceRebalance(@Nullable String reason) {
        Loops.assertInLoop(core.context().loop());
        requestRejoin(reason == null ? "the application asked for a rebalance" : "the application asked: " + reason);
    }

    private void requestRejoin(String reason) {
        rejoinNeeded = true;
        if (!subscribed || closed || joining || leftOnPollTimeout || fatal != null) {
            return;
        }
        startRebalance(reason);
    }

    private void startRebalance(String reason) {
        joining = true;
        rejoinNeeded = false;
        state = State.REBALANCING;
        stats.started();
        if (joinFailures == 0) {
            log.info("Group {}: member '{}' (re)joins: {}", groupId, memberId, reason);
        } else {
            // A retry: retryLater already logged why (rate-limited).
            log.debug("Group {}: member '{}' rejoins: {}", groupId, memberId, reason);
        }
        prepare().whenComplete((v, e) -> sendJoin());
    }

    /** Before joining: lose partitions of a dead generation; else commit and revoke what must go. */
    private CompletableFuture<Void> prepare() {
        Set<TopicPartition> owned = core.assignedPartitions();
        if (generation < 0) {
            return owned.isEmpty() ? CompletableFuture.completedFuture(null) : lose(owned);
        }
        Set<TopicPartition> toRevoke = new LinkedHashSet<>();
        if (protocol == RebalanceProtocol.EAGER) {
            toRevoke.addAll(owned);
        } else {
            Set<String> topics = watcher.topics();
            owned.stream().filter(tp -> !topics.contains(tp.topic())).forEach(toRevoke::add);
        }
        if (toRevoke.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return commitIfAuto(toRevoke).thenCompose(v -> revoke(toRevoke));
    }

    private CompletableFuture<Void> revoke(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return invoker.invoke(listener, Kind.REVOKED, partitions).thenRun(() -> core.removePartitions(partitions));
    }

    private CompletableFuture<Void> lose(Set<TopicPartition> partitions) {
        return invoker.invoke(listener, Kind.LOST, partitions).thenRun(() -> core.removePartitions(partitions));
    }

    private void sendJoin() {
        if (!subscribed || closed) {
            joining = false;
            return;
        }
        Set<String> topics = watcher.topics();
        List<TopicPartition> owned =
                protocol == RebalanceProtocol.COOPERATIVE ? List.copyOf(core.assignedPartitions()) : List.of();
        String rack = options.clientRack().isEmpty() ? null : options.clientRack();
        List<JoinGroupRequest.JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (PartitionAssignor a : assignors) {
            if (!a.supportedProtocols().contains(protocol)) {
                continue;
            }
            byte[] userData = a.subscriptionUserData(topics, lastAssignment, lastGeneration);
            Subscription s = new Subscription(List.copyOf(topics), userData, owned, generation, rack, instanceId);
            protocols.add(new JoinGroupRequest.JoinGroupRequestProtocol()
                    .setName(a.name())
                    .setMetadata(ConsumerProtocolCodec.encodeSubscription(s)));
        }
        JoinGroupRequest request = new JoinGroupRequest()
                .setGroupId(groupId)
                .setSessionTimeoutMs((int) options.sessionTimeout().toMillis())
                .setRebalanceTimeoutMs((int) options.rebalanceTimeout().toMillis())
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setProtocolType(PROTOCOL_TYPE)
                .setProtocols(protocols);
        long timeout = Math.max(
                context.options().requestTimeout().toNanos(),
                options.rebalanceTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
        joinInFlight = true;
        link.<JoinGroupResponse>send(request, JoinGroupRequest.HIGHEST_SUPPORTED_VERSION, timeout)
                .whenComplete((r, e) -> {
                    joinInFlight = false;
                    onJoinResponse(r, e);
                });
    }

    private void onJoinResponse(@Nullable JoinGroupResponse r, @Nullable Throwable e) {
        if (!subscribed || closed) {
            joining = false;
            return;
        }
        if (e != null || r == null) {
            retryLater("JoinGroup failed: " + (e == null ? "no response" : e.getMessage()));
            return;
        }
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        switch (code) {
            case NONE -> {
                memberId = r.memberId();
                generation = r.generationId();
                protocolName = r.protocolName();
                if (r.leader().equals(memberId) && !r.skipAssignment()) {
                    leaderAssign(r).whenComplete((assignments, error) -> {
                        if (error != null || assignments == null) {
                            retryLater("the assignor failed: " + (error == null ? "no result" : error));
                        } else {
                            sendSync(assignments);
                        }
                    });
                } else {
                    sendSync(Map.of());
                }
            }
            case MEMBER_ID_REQUIRED -> {
                memberId = r.memberId();
                sendJoin();
            }
            case UNKNOWN_MEMBER_ID -> {
                memberId = "";
                generation = -1;
                retryLater("the coordinator does not know member id (UNKNOWN_MEMBER_ID)");
            }
            case ILLEGAL_GENERATION -> {
                generation = -1;
                retryLater("ILLEGAL_GENERATION");
            }
            default -> {
                link.checkCoordinatorError(code);
                if (code.isRetriable() || code == ErrorCode.REBALANCE_IN_PROGRESS) {
                    retryLater("JoinGroup answered " + code.name(), code);
                } else {
                    fail(code.exception("joining group " + groupId));
                }
            }
        }
    }

    private void retryLater(String reason) {
        retryLater(reason, null);
    }

    /** Failures in a row below which a coordinator's transient answer is logged at INFO. */
    private static final int QUIET_FAILURES = 4;

    /**
     * Retries the join after a backoff.
     *
     * @param code the broker's error, when it answered with one
     */
    private void retryLater(String reason, @Nullable ErrorCode code) {
        // Back off further with each failure in a row (retry.backoff.ms doubling up to
        // retry.backoff.max.ms), so that a dead coordinator is not hammered; log at the 1st, 2nd,
        // 4th, 8th... failure in a row, so that a long outage stays visible without flooding the log
        // (at INFO for a coordinator's transient answers until they persist, else at WARN).
        joinFailures++;
        long delay = context.retryBackoff().delayNanos(joinFailures);
        boolean transientAnswer = code == ErrorCode.NOT_COORDINATOR
                || code == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
                || code == ErrorCode.COORDINATOR_NOT_AVAILABLE
                || code == ErrorCode.REBALANCE_IN_PROGRESS;
        if (Integer.bitCount(joinFailures) == 1 && transientAnswer && joinFailures < QUIET_FAILURES) {
            // A coordinator still loading or just moved answers a few joins this way on every
            // healthy start-up: not worth a WARN unless it keeps happening.
            log.info(
                    "Group {}: joining failed ({} in a row), retrying in {} ms: {}",
                    groupId,
                    joinFailures,
                    TimeUnit.NANOSECONDS.toMillis(delay),
                    reason);
        } else if (Integer.bitCount(joinFailures) == 1) {
            log.warn(
                    "Group {}: joining failed ({} in a row), retrying in {} ms: {}",
                    groupId,
                    joinFailures,
                    TimeUnit.NANOSECONDS.toMillis(delay),
                    reason);
        } else {
            log.debug("Group {}: joining failed ({} in a row), retrying: {}", groupId, joinFailures, reason);
        }
        joining = false;
        state = State.UNJOINED;
        stats.failed();
        context.loop().schedule(() -> requestRejoin(reason), delay, TimeUnit.NANOSECONDS);
    }

    private void fail(KafkaException error) {
        log.error("Group {}: giving up on the group: {}", groupId, error.getMessage());
        fatal = error;
        joining = false;
        state = State.UNJOINED;
        stats.failed();
        generation = -1;
        stopTimers();
    }

    private CompletableFuture<Map<String, Assignment>> leaderAssign(JoinGroupResponse r) {
        PartitionAssignor assignor = null;
        for (PartitionAssignor a : assignors) {
            if (a.name().equals(r.protocolName())) {
                assignor = a;
            }
        }
        if (assignor == null) {
            return CompletableFuture.failedFuture(
                    new KafkaException("The group chose assignor " + r.protocolName() + ", which this consumer lacks"));
        }
        Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        Set<String> allTopics = new HashSet<>();
        for (JoinGroupResponse.JoinGroupResponseMember m : r.members()) {
            Subscription s = ConsumerProtocolCodec.decodeSubscription(m.metadata(), m.groupInstanceId());
            subscriptions.put(m.memberId(), s);
            allTopics.addAll(s.topics());
        }
        PartitionAssignor chosen = assignor;
        return context.metadata().addTopics(allTopics).thenApply(snapshot -> {
            Map<String, Integer> counts = partitionCounts(snapshot, allTopics);
            Map<String, Assignment> result = chosen.assign(counts, subscriptions);
            log.info("Group {}: leader {} assigned with {}: {}", groupId, memberId, chosen.name(), result);
            return result;
        });
    }

    private static Map<String, Integer> partitionCounts(ClusterSnapshot snapshot, Set<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : topics) {
            TopicMetadata tm = snapshot.topic(t);
            if (tm != null && tm.error() == ErrorCode.NONE && !tm.partitions().isEmpty()) {
                counts.put(t, tm.partitions().size());
            }
        }
        return counts;
    }

    private void sendSync(Map<String, Assignment> assignments) {
        List<SyncGroupRequest.SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((member, a) -> list.add(new SyncGroupRequest.SyncGroupRequestAssignment()
                .setMemberId(member)
                .setAssignment(ConsumerProtocolCodec.encodeAssignment(a))));
        SyncGroupRequest request = new SyncGroupRequest()
                .setGroupId(groupId)
                .setGenerationId(generation)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setProtocolType(PROTOCOL_TYPE)
                .setProtocolName(protocolName)
                .setAssignments(list);
        long timeout = Math.max(
                context.options().requestTimeout().toNanos(),
                options.rebalanceTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
        link.<SyncGroupResponse>send(request, SyncGroupRequest.HIGHEST_SUPPORTED_VERSION, timeout)
                .whenComplete(this::onSyncResponse);
    }

    private void onSyncResponse(@Nullable SyncGroupResponse r, @Nullable Throwable e) {
        if (!subscribed || closed) {
            joining = false;
            return;
        }
        if (e != null || r == null) {
            retryLater("SyncGroup failed: " + (e == null ? "no response" : e.getMessage()));
            return;
        }
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        switch (code) {
            case NONE -> {
                Assignment assignment;
                try {
                    assignment = ConsumerProtocolCodec.decodeAssignment(r.assignment());
                } catch (KafkaException ex) {
                    fail(ex);
                    return;
                }
                apply(assignment.partitions());
            }
            case REBALANCE_IN_PROGRESS -> {
                joining = false;
                requestRejoin("the group rebalanced again during SyncGroup");
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                if (code == ErrorCode.UNKNOWN_MEMBER_ID) {
                    memberId = "";
                }
                generation = -1;
                retryLater("SyncGroup answered " + code.name(), code);
            }
            default -> {
                link.checkCoordinatorError(code);
                if (code.isRetriable()) {
                    retryLater("SyncGroup answered " + code.name(), code);
                } else {
                    fail(code.exception("syncing group " + groupId));
                }
            }
        }
    }

    private void apply(List<TopicPartition> assigned) {
        Set<TopicPartition> owned = core.assignedPartitions();
        Set<TopicPartition> next = new LinkedHashSet<>(assigned);
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(next);
        Set<TopicPartition> added = new LinkedHashSet<>(next);
        added.removeAll(owned);
        lastAssignment = List.copyOf(next);
        lastGeneration = generation;
        joinFailures = 0;
        state = State.STABLE;
        rebalances++;
        core.markAssigned();
        log.info(
                "Group {}: member {} joined generation {} with {}; assigned {}, revoked {}",
                groupId,
                memberId,
                generation,
                protocolName,
                next,
                revoked);
        boolean followUp = !revoked.isEmpty() && protocol == RebalanceProtocol.COOPERATIVE;
        CompletableFuture<Void> chain = revoked.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : commitIfAuto(revoked).thenCompose(v -> revoke(revoked));
        chain.thenCompose(v -> {
                    core.addAwaitingPositions(added);
                    return invoker.invoke(listener, Kind.ASSIGNED, added);
                })
                .thenRun(this::initPositions)
                .whenComplete((v, e) -> {
                    joining = false;
                    stats.completed();
                    if (followUp) {
                        requestRejoin("partitions were revoked in a cooperative rebalance");
                    } else if (rejoinNeeded) {
                        requestRejoin("a rejoin was requested during the rebalance");
                    }
                });
    }

    private void initPositions() {
        Set<TopicPartition> awaiting = core.awaitingPositions();
        if (awaiting.isEmpty()) {
            return;
        }
        offsets.fetch(awaiting).whenComplete((committed, e) -> {
            if (e != null) {
                log.warn(
                        "Group {}: fetching committed offsets of {} failed; retrying: {}",
                        groupId,
                        awaiting,
                        e.toString());
                context.loop()
                        .schedule(this::initPositions, context.retryBackoff().delayNanos(3), TimeUnit.NANOSECONDS);
                return;
            }
            core.initPositions(committed);
        });
    }

    // ------------------------------------------------------------------ heartbeats and timers

    private void startTimers() {
        if (heartbeatTimer == null) {
            long hb = options.heartbeatInterval().toNanos();
            heartbeatTimer = context.loop().scheduleWithFixedDelay(this::heartbeat, hb, hb, TimeUnit.NANOSECONDS);
        }
        if (pollTimer == null) {
            long check = Math.max(
                    TimeUnit.MILLISECONDS.toNanos(100),
                    Math.min(
                            TimeUnit.SECONDS.toNanos(1),
                            options.maxPollInterval().toNanos() / 4));
            pollTimer =
                    context.loop().scheduleWithFixedDelay(this::checkPollTimeout, check, check, TimeUnit.NANOSECONDS);
        }
        if (autoCommitTimer == null && options.enableAutoCommit()) {
            long interval = options.autoCommitInterval().toNanos();
            autoCommitTimer =
                    context.loop().scheduleWithFixedDelay(this::autoCommit, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    private void stopTimers() {
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {heartbeatTimer, pollTimer, autoCommitTimer}) {
            if (t != null) {
                t.cancel(false);
            }
        }
        heartbeatTimer = null;
        pollTimer = null;
        autoCommitTimer = null;
    }

    private void heartbeat() {
        if (!subscribed || generation < 0 || heartbeatInFlight || joinInFlight || fatal != null) {
            return;
        }
        heartbeatInFlight = true;
        int gen = generation;
        HeartbeatRequest request = new HeartbeatRequest()
                .setGroupId(groupId)
                .setGenerationId(gen)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId);
        link.<HeartbeatResponse>send(request, HeartbeatRequest.HIGHEST_SUPPORTED_VERSION)
                .whenComplete((r, e) -> {
                    heartbeatInFlight = false;
                    if (e != null || r == null || gen != generation || !subscribed) {
                        return;
                    }
                    ErrorCode code = ErrorCode.forCode(r.errorCode());
                    switch (code) {
                        case NONE -> {}
                        case REBALANCE_IN_PROGRESS -> {
                            if (state == State.STABLE) {
                                requestRejoin("the group is rebalancing");
                            }
                        }
                        case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID -> {
                            log.warn(
                                    "Group {}: heartbeat says member {} of generation {} is out of the group ({});"
                                            + " its partitions are lost, rejoining",
                                    groupId,
                                    memberId,
                                    gen,
                                    code.name());
                            generation = -1;
                            if (code == ErrorCode.UNKNOWN_MEMBER_ID) {
                                memberId = "";
                            }
                            if (joining) {
                                rejoinNeeded = true;
                            } else {
                                requestRejoin("the member was removed from the group");
                            }
                        }
                        case FENCED_INSTANCE_ID -> {
                            fail(code.exception("heartbeat of static member " + instanceId));
                            Set<TopicPartition> owned = core.assignedPartitions();
                            if (!owned.isEmpty()) {
                                lose(owned);
                            }
                        }
                        default -> link.checkCoordinatorError(code);
                    }
                });
    }

    private void autoCommit() {
        if (state != State.STABLE || joining || generation < 0) {
            return;
        }
        commitPositions(core.assignedPartitions()).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("Group {}: auto commit failed: {}", groupId, e.toString());
            }
        });
    }

    // ------------------------------------------------------------------ offsets

    /** The subscribed topics that exist, as last resolved; null while not resolved (nothing known). */
    private @Nullable Map<String, Integer> existingTopics() {
        return watcher.isResolved() ? watcher.partitionCounts() : null;
    }

    private CompletableFuture<Void> commitIfAuto(Set<TopicPartition> partitions) {
        return commitIfAuto(partitions, existingTopics());
    }

    /**
     * Commits positions with auto-commit, except of topics known to be gone: the broker would
     * answer UNKNOWN_TOPIC_OR_PARTITION until the commit times out, and a rejoin or close would
     * wait for it. {@code existing} null (nothing resolved yet) commits every partition.
     */
    private CompletableFuture<Void> commitIfAuto(
            Set<TopicPartition> partitions, @Nullable Map<String, Integer> existing) {
        Set<TopicPartition> committable = new LinkedHashSet<>();
        partitions.stream()
                .filter(tp -> existing == null || existing.containsKey(tp.topic()))
                .forEach(committable::add);
        if (!options.enableAutoCommit() || committable.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return commitPositions(committable).handle((v, e) -> {
            if (e != null) {
                log.warn("Group {}: committing {} before revocation failed: {}", groupId, partitions, e.toString());
            }
            return null;
        });
    }

    private CompletableFuture<Void> commitPositions(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new LinkedHashMap<>();
        core.consumedPositions().forEach((tp, pos) -> {
            if (partitions.contains(tp)) {
                toCommit.put(tp, pos);
            }
        });
        return commit(toCommit);
    }

    /** Commits the current positions of all assigned partitions. */
    public CompletableFuture<Void> commitPositions() {
        return commitPositions(core.assignedPartitions());
    }

    /**
     * Commits offsets for the member's current generation. Outside a subscription (manual
     * assignment with a group id) it commits as a non-member (generation -1), as kafka-clients does.
     */
    public CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        KafkaException f = fatal;
        if (f != null) {
            return CompletableFuture.failedFuture(
                    new CommitFailedException("Commit failed: the consumer gave up on group " + groupId, f));
        }
        if (subscribed && generation < 0) {
            return CompletableFuture.failedFuture(new CommitFailedException("Commit of " + toCommit.keySet()
                    + " failed: the consumer is not part of an active generation of group " + groupId
                    + (leftOnPollTimeout
                            ? " (it left after max.poll.interval.ms without a getMany; it rejoins on the next one)"
                            : " (it is rejoining)")));
        }
        OffsetClient.Member member = generation >= 0
                ? new OffsetClient.Member(generation, memberId, instanceId)
                : new OffsetClient.Member(-1, "", null);
        return offsets.commit(toCommit, member).whenComplete((v, e) -> {
            if (e == null) {
                Map<TopicPartition, Long> done = new HashMap<>();
                toCommit.forEach((tp, om) -> done.put(tp, om.offset()));
                core.committed(done);
            }
            if (e instanceof CommitFailedException && subscribed && generation == member.generation()) {
                generation = -1;
                requestRejoin("a commit found the member out of the group");
            }
        });
    }

    /** The group's committed offsets for the partitions (absent where none). */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> partitions) {
        return offsets.fetch(partitions);
    }
}
