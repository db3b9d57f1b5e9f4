package dev.asynckafka.consumer.internal.group;

import static dev.asynckafka.consumer.internal.group.MemberState.FATAL;
import static dev.asynckafka.consumer.internal.group.MemberState.JOINING;
import static dev.asynckafka.consumer.internal.group.MemberState.PREPARING;
import static dev.asynckafka.consumer.internal.group.MemberState.RECONCILING;
import static dev.asynckafka.consumer.internal.group.MemberState.STABLE;
import static dev.asynckafka.consumer.internal.group.MemberState.SYNCING;
import static dev.asynckafka.consumer.internal.group.MemberState.UNJOINED;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.RebalanceProtocol;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.protocol.message.JoinGroupRequest;
import dev.asynckafka.internal.protocol.message.JoinGroupResponse;
import dev.asynckafka.internal.protocol.message.LeaveGroupRequest;
import dev.asynckafka.internal.protocol.message.LeaveGroupResponse;
import dev.asynckafka.internal.protocol.message.SyncGroupRequest;
import dev.asynckafka.internal.protocol.message.SyncGroupResponse;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic protocol: FindCoordinator, JoinGroup (the leader runs the assignor), SyncGroup, then
 * {@link ClassicHeartbeat} until a rebalance. Under the eager protocol all owned partitions are
 * revoked before joining; under the cooperative one only those the new assignment takes away, after
 * which the member rejoins once more (KIP-429). Static members ({@code group.instance.id}) do not
 * send LeaveGroup (KIP-345). Event loop only.
 */
final class ClassicMembership implements Membership, ClassicHeartbeat.Member {
    private static final Logger log = LoggerFactory.getLogger(ClassicMembership.class);
    private static final String PROTOCOL_TYPE = "consumer";
    /** Failures in a row below which a coordinator's transient answer is logged at INFO. */
    private static final int QUIET_FAILURES = 4;

    private final GroupCoordinator g;
    private final MemberStateMachine m;
    private final ClientContext context;
    private final ConsumerOptions options;
    private final String groupId;
    private final @Nullable String instanceId;
    private final CoordinatorLink link;
    private final RebalanceProtocol protocol;
    private final List<PartitionAssignor> assignors;
    private final ClassicHeartbeat heartbeat;

    private @Nullable String protocolName;
    /** JoinGroup/SyncGroup rounds that failed in a row; the retry backoff grows with it. */
    private int joinFailures;

    private List<TopicPartition> lastAssignment = List.of();
    private int lastGeneration = -1;

    ClassicMembership(GroupCoordinator g, MemberStateMachine m, ConsumerOptions options, CoordinatorLink link) {
        this.g = g;
        this.m = m;
        this.context = g.context();
        this.options = options;
        this.groupId = g.groupId();
        this.instanceId = options.groupInstanceId();
        this.link = link;
        this.assignors = options.assignors();
        boolean allCooperative =
                assignors.stream().allMatch(a -> a.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE));
        this.protocol = allCooperative ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
        this.heartbeat = new ClassicHeartbeat(context, link, groupId, instanceId, options.heartbeatInterval(), this);
    }

    @Override
    public void start() {
        heartbeat.start();
    }

    @Override
    public void stop() {
        heartbeat.stop();
    }

    // ------------------------------------------------------------------ join and sync

    @Override
    public void rejoin(String reason) {
        m.transition(PREPARING);
        g.stats().started();
        if (joinFailures == 0) {
            log.info("Group {}: member '{}' (re)joins: {}", groupId, g.memberId(), reason);
        } else {
            // A retry: retryLater already logged why (rate-limited).
            log.debug("Group {}: member '{}' rejoins: {}", groupId, g.memberId(), reason);
        }
        long version = m.version();
        prepare().whenComplete((v, e) -> {
            if (m.isCurrent(version)) {
                sendJoin();
            }
        });
    }

    /** Before joining: lose partitions of a dead generation; else commit and revoke what must go. */
    private CompletableFuture<Void> prepare() {
        Set<TopicPartition> owned = g.core().assignedPartitions();
        if (g.generation() < 0) {
            return owned.isEmpty() ? CompletableFuture.completedFuture(null) : g.lose(owned);
        }
        Set<TopicPartition> toRevoke = new LinkedHashSet<>();
        if (protocol == RebalanceProtocol.EAGER) {
            toRevoke.addAll(owned);
        } else {
            Set<String> topics = g.watcher().topics();
            owned.stream().filter(tp -> !topics.contains(tp.topic())).forEach(toRevoke::add);
        }
        return g.commitAndRevoke(toRevoke);
    }

    private void sendJoin() {
        m.transition(JOINING);
        Set<String> topics = g.watcher().topics();
        List<TopicPartition> owned =
                protocol == RebalanceProtocol.COOPERATIVE ? List.copyOf(g.core().assignedPartitions()) : List.of();
        String rack = options.clientRack().isEmpty() ? null : options.clientRack();
        List<JoinGroupRequest.JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (PartitionAssignor a : assignors) {
            if (!a.supportedProtocols().contains(protocol)) {
                continue;
            }
            byte[] userData = a.subscriptionUserData(topics, lastAssignment, lastGeneration);
            Subscription s = new Subscription(List.copyOf(topics), userData, owned, g.generation(), rack, instanceId);
            protocols.add(new JoinGroupRequest.JoinGroupRequestProtocol()
                    .setName(a.name())
                    .setMetadata(ConsumerProtocolCodec.encodeSubscription(s)));
        }
        JoinGroupRequest request = new JoinGroupRequest()
                .setGroupId(groupId)
                .setSessionTimeoutMs((int) options.sessionTimeout().toMillis())
                .setRebalanceTimeoutMs((int) options.rebalanceTimeout().toMillis())
                .setMemberId(g.memberId())
                .setGroupInstanceId(instanceId)
                .setProtocolType(PROTOCOL_TYPE)
                .setProtocols(protocols);
        long version = m.version();
        link.<JoinGroupResponse>send(request, JoinGroupRequest.HIGHEST_SUPPORTED_VERSION, parkedTimeout())
                .whenComplete((r, e) -> {
                    if (m.isCurrent(version)) {
                        onJoinResponse(r, e);
                    }
                });
    }

    /** JoinGroup and SyncGroup wait at the coordinator up to the rebalance timeout. */
    private long parkedTimeout() {
        return Math.max(
                context.options().requestTimeout().toNanos(),
                options.rebalanceTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
    }

    private void onJoinResponse(@Nullable JoinGroupResponse r, @Nullable Throwable e) {
        if (e != null || r == null) {
            retryLater("JoinGroup failed: " + (e == null ? "no response" : e.getMessage()));
            return;
        }
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        switch (code) {
            case NONE -> {
                g.memberId(r.memberId());
                g.generation(r.generationId());
                protocolName = r.protocolName();
                m.transition(SYNCING);
                long version = m.version();
                if (r.leader().equals(r.memberId()) && !r.skipAssignment()) {
                    leaderAssign(r).whenComplete((assignments, error) -> {
                        if (!m.isCurrent(version)) {
                            return;
                        }
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
                g.memberId(r.memberId());
                sendJoin();
            }
            case UNKNOWN_MEMBER_ID -> {
                g.memberId("");
                g.generation(-1);
                retryLater("the coordinator does not know member id (UNKNOWN_MEMBER_ID)");
            }
            case ILLEGAL_GENERATION -> {
                g.generation(-1);
                retryLater("ILLEGAL_GENERATION");
            }
            default -> {
                link.checkCoordinatorError(code);
                if (code.isRetriable() || code == ErrorCode.REBALANCE_IN_PROGRESS) {
                    retryLater("JoinGroup answered " + code.name(), code);
                } else {
                    g.fail(code.exception("joining group " + groupId));
                }
            }
        }
    }

    private void retryLater(String reason) {
        retryLater(reason, null);
    }

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
        m.transition(UNJOINED);
        g.stats().failed();
        g.rejoinAfter(delay, reason);
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
        for (JoinGroupResponse.JoinGroupResponseMember member : r.members()) {
            Subscription s = ConsumerProtocolCodec.decodeSubscription(member.metadata(), member.groupInstanceId());
            subscriptions.put(member.memberId(), s);
            allTopics.addAll(s.topics());
        }
        PartitionAssignor chosen = assignor;
        return context.metadata().addTopics(allTopics).thenApply(snapshot -> {
            Map<String, Integer> counts = partitionCounts(snapshot, allTopics);
            Map<String, Assignment> result = chosen.assign(counts, subscriptions);
            log.info("Group {}: leader {} assigned with {}: {}", groupId, r.memberId(), chosen.name(), result);
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
                .setGenerationId(g.generation())
                .setMemberId(g.memberId())
                .setGroupInstanceId(instanceId)
                .setProtocolType(PROTOCOL_TYPE)
                .setProtocolName(protocolName)
                .setAssignments(list);
        long version = m.version();
        link.<SyncGroupResponse>send(request, SyncGroupRequest.HIGHEST_SUPPORTED_VERSION, parkedTimeout())
                .whenComplete((r, e) -> {
                    if (m.isCurrent(version)) {
                        onSyncResponse(r, e);
                    }
                });
    }

    private void onSyncResponse(@Nullable SyncGroupResponse r, @Nullable Throwable e) {
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
                    g.fail(ex);
                    return;
                }
                apply(assignment.partitions());
            }
            case REBALANCE_IN_PROGRESS -> {
                m.transition(UNJOINED);
                g.requestRejoin("the group rebalanced again during SyncGroup");
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                if (code == ErrorCode.UNKNOWN_MEMBER_ID) {
                    g.memberId("");
                }
                g.generation(-1);
                retryLater("SyncGroup answered " + code.name(), code);
            }
            default -> {
                link.checkCoordinatorError(code);
                if (code.isRetriable()) {
                    retryLater("SyncGroup answered " + code.name(), code);
                } else {
                    g.fail(code.exception("syncing group " + groupId));
                }
            }
        }
    }

    private void apply(List<TopicPartition> assigned) {
        Set<TopicPartition> next = new LinkedHashSet<>(assigned);
        Set<TopicPartition> revoked = new LinkedHashSet<>(g.core().assignedPartitions());
        revoked.removeAll(next);
        lastAssignment = List.copyOf(next);
        lastGeneration = g.generation();
        joinFailures = 0;
        m.transition(RECONCILING);
        g.assignmentReceived();
        log.info(
                "Group {}: member {} joined generation {} with {}; assigned {}, revoked {}",
                groupId,
                g.memberId(),
                g.generation(),
                protocolName,
                next,
                revoked);
        boolean followUp = !revoked.isEmpty() && protocol == RebalanceProtocol.COOPERATIVE;
        long version = m.version();
        g.reconcile(next).whenComplete((v, e) -> {
            if (!m.isCurrent(version)) {
                return; // the member left, timed out or failed meanwhile
            }
            m.transition(STABLE);
            g.stats().completed();
            if (followUp) {
                g.requestRejoin("partitions were revoked in a cooperative rebalance");
            } else if (m.rejoinRequested()) {
                g.requestRejoin("a rejoin was requested during the rebalance");
            }
        });
    }

    // ------------------------------------------------------------------ heartbeats

    @Override
    public boolean shouldBeat() {
        return m.isSubscribed() && !m.is(JOINING) && !m.is(FATAL) && g.generation() >= 0;
    }

    @Override
    public int generation() {
        return g.generation();
    }

    @Override
    public String memberId() {
        return g.memberId();
    }

    @Override
    public void onAnswer(ErrorCode code, int gen) {
        if (gen != g.generation() || !m.isSubscribed()) {
            return;
        }
        switch (code) {
            case NONE -> {}
            case REBALANCE_IN_PROGRESS -> {
                if (m.is(STABLE) || m.is(RECONCILING)) {
                    g.requestRejoin("the group is rebalancing");
                }
            }
            case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID -> {
                log.warn(
                        "Group {}: heartbeat says member {} of generation {} is out of the group ({});"
                                + " its partitions are lost, rejoining",
                        groupId,
                        g.memberId(),
                        gen,
                        code.name());
                g.generation(-1);
                if (code == ErrorCode.UNKNOWN_MEMBER_ID) {
                    g.memberId("");
                }
                g.requestRejoin("the member was removed from the group");
            }
            case FENCED_INSTANCE_ID -> {
                Set<TopicPartition> owned = g.core().assignedPartitions();
                g.fail(code.exception("heartbeat of static member " + instanceId));
                if (!owned.isEmpty()) {
                    g.lose(owned);
                }
            }
            default -> link.checkCoordinatorError(code);
        }
    }

    // ------------------------------------------------------------------ leaving

    @Override
    public CompletableFuture<Void> sendLeave(String reason) {
        String memberId = g.memberId();
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
}
