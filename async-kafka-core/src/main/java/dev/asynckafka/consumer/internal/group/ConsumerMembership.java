package dev.asynckafka.consumer.internal.group;

import static dev.asynckafka.consumer.internal.group.MemberState.FENCED;
import static dev.asynckafka.consumer.internal.group.MemberState.JOINING;
import static dev.asynckafka.consumer.internal.group.MemberState.RECONCILING;
import static dev.asynckafka.consumer.internal.group.MemberState.STABLE;
import static dev.asynckafka.consumer.internal.group.MemberState.UNJOINED;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.protocol.message.ConsumerGroupHeartbeatRequest;
import dev.asynckafka.internal.protocol.message.ConsumerGroupHeartbeatResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group protocol of KIP-848: one request, ConsumerGroupHeartbeat, carries the
 * member's subscription and owned partitions and brings back its member epoch and, when it
 * changed, its assignment; the coordinator computes assignments ({@code group.remote.assignor}).
 *
 * <p>The member id is generated here once and kept for the consumer's lifetime. The member joins
 * with epoch 0. An assignment is reconciled revoke-first: partitions that went away are committed
 * (auto commit) and revoked, then the new ones are added, and a heartbeat reports the partitions
 * now owned, which is what lets the coordinator hand the revoked ones to other members. Members
 * keeping their partitions never stop. A member fenced ({@code FENCED_MEMBER_EPOCH}, {@code
 * UNKNOWN_MEMBER_ID}) loses its partitions and rejoins with epoch 0; positions come from the
 * committed offsets. Leaving sends epoch -1, or -2 for a static member ({@code group.instance.id})
 * which keeps its assignment for its session. A pattern subscription is evaluated by the broker
 * (KIP-848's server-side regular expressions). Event loop only.
 */
final class ConsumerMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(ConsumerMembership.class);
    static final int JOIN_EPOCH = 0;
    static final int LEAVE_EPOCH = -1;
    static final int STATIC_LEAVE_EPOCH = -2;

    private final GroupCoordinator g;
    private final MemberStateMachine m;
    private final ClientContext context;
    private final ConsumerOptions options;
    private final String groupId;
    private final @Nullable String instanceId;
    private final CoordinatorLink link;
    private final String memberId;

    private long intervalNanos;
    private boolean inFlight;
    /** A heartbeat was asked for while one was in flight: send it when the answer arrives. */
    private boolean beatAgain;

    private int failures;
    /** Bumped on join, fence and leave: answers to heartbeats of an earlier incarnation are ignored. */
    private int incarnation;

    private @Nullable ScheduledFuture<?> timer;
    /** The assignment received while reconciling another one: reconciled next. */
    private @Nullable Map<Uuid, Set<Integer>> pendingTarget;
    /** The last assignment received, by topic id; reconciled once all ids resolve to names. */
    private @Nullable Map<Uuid, Set<Integer>> target;

    ConsumerMembership(GroupCoordinator g, MemberStateMachine m, ConsumerOptions options, CoordinatorLink link) {
        this.g = g;
        this.m = m;
        this.context = g.context();
        this.options = options;
        this.groupId = g.groupId();
        this.instanceId = options.groupInstanceId();
        this.link = link;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.memberId = new Uuid(random.nextLong(), random.nextLong()).toString();
        this.intervalNanos = options.heartbeatInterval().toNanos();
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
        cancelTimer();
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        timer = null;
    }

    // ------------------------------------------------------------------ joining

    /**
     * Joins from {@code UNJOINED} with epoch 0; once a member, a rejoin request (the subscription
     * changed, {@code enforceRebalance}) just heartbeats at once: the coordinator takes the new
     * subscription from it and rebalances only what that changes.
     */
    @Override
    public void rejoin(String reason) {
        if (m.is(UNJOINED)) {
            join(reason);
        } else {
            log.debug("Group {}: member {} heartbeats now: {}", groupId, memberId, reason);
            beatNow();
        }
    }

    private void join(String reason) {
        log.info("Group {}: member {} joins with epoch 0: {}", groupId, memberId, reason);
        m.transition(JOINING);
        incarnation++;
        g.memberId(memberId);
        g.generation(-1);
        target = null;
        pendingTarget = null;
        g.stats().started();
        beatNow();
    }

    /** Fenced by the coordinator: the partitions are lost; rejoin with epoch 0 once the callback ran. */
    private void fence(ErrorCode code) {
        log.warn(
                "Group {}: member {} with epoch {} was fenced ({}); its partitions {} are lost, rejoining",
                groupId,
                memberId,
                g.generation(),
                code.name(),
                g.core().assignedPartitions());
        m.transition(FENCED);
        incarnation++;
        g.generation(-1);
        target = null;
        pendingTarget = null;
        long version = m.version();
        Set<TopicPartition> owned = g.core().assignedPartitions();
        CompletableFuture<Void> lost = owned.isEmpty() ? CompletableFuture.completedFuture(null) : g.lose(owned);
        lost.whenComplete((v, e) -> {
            if (m.isCurrent(version)) {
                m.transition(JOINING);
                g.stats().started();
                beatNow();
            }
        });
    }

    // ------------------------------------------------------------------ heartbeats

    private boolean shouldBeat() {
        return m.is(JOINING) || m.is(RECONCILING) || m.is(STABLE);
    }

    private void beatNow() {
        if (inFlight) {
            beatAgain = true;
            return;
        }
        cancelTimer();
        send();
    }

    private void scheduleNext(long delayNanos) {
        cancelTimer();
        if (shouldBeat()) {
            timer = context.loop().schedule(this::beatNow, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void send() {
        if (!shouldBeat()) {
            return;
        }
        int epoch = g.generation() < 0 ? JOIN_EPOCH : g.generation();
        ConsumerGroupHeartbeatRequest request = request(epoch);
        inFlight = true;
        beatAgain = false;
        int sentBy = incarnation;
        link.<ConsumerGroupHeartbeatResponse>send(request, ConsumerGroupHeartbeatRequest.HIGHEST_SUPPORTED_VERSION)
                .whenComplete((r, e) -> {
                    inFlight = false;
                    if (sentBy == incarnation) {
                        onResponse(epoch, r, e);
                    }
                    if (beatAgain && shouldBeat()) {
                        beatNow();
                    }
                });
    }

    /**
     * The full heartbeat: the protocol allows null for fields that did not change, but sending them
     * all keeps the member correct after any lost answer, for a few bytes.
     */
    private ConsumerGroupHeartbeatRequest request(int epoch) {
        ConsumerGroupHeartbeatRequest request = new ConsumerGroupHeartbeatRequest()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setInstanceId(instanceId)
                .setRackId(options.clientRack().isEmpty() ? null : options.clientRack())
                .setRebalanceTimeoutMs((int) options.rebalanceTimeout().toMillis())
                .setServerAssignor(options.groupRemoteAssignor())
                .setTopicPartitions(owned());
        Pattern pattern = g.watcher().pattern();
        if (pattern != null) {
            request.setSubscribedTopicRegex(pattern.pattern());
        } else {
            request.setSubscribedTopicNames(
                    new ArrayList<>(new TreeSet<>(g.watcher().subscribedTopics())));
        }
        return request;
    }

    /** The partitions the member owns, by topic id (topics whose id is not known yet are left out). */
    private List<ConsumerGroupHeartbeatRequest.TopicPartitions> owned() {
        ClusterSnapshot snapshot = context.metadata().snapshot();
        Map<Uuid, List<Integer>> byId = new LinkedHashMap<>();
        for (TopicPartition tp : g.core().assignedPartitions()) {
            TopicMetadata t = snapshot.topic(tp.topic());
            if (t != null && !t.topicId().isZero()) {
                byId.computeIfAbsent(t.topicId(), id -> new ArrayList<>()).add(tp.partition());
            }
        }
        List<ConsumerGroupHeartbeatRequest.TopicPartitions> out = new ArrayList<>();
        byId.forEach((id, parts) -> out.add(new ConsumerGroupHeartbeatRequest.TopicPartitions()
                .setTopicId(id)
                .setPartitions(parts)));
        return out;
    }

    private void onResponse(int sentEpoch, @Nullable ConsumerGroupHeartbeatResponse r, @Nullable Throwable e) {
        if (!shouldBeat()) {
            return;
        }
        if (e != null || r == null) {
            retry("the heartbeat failed: " + (e == null ? "no response" : e.getMessage()));
            return;
        }
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        switch (code) {
            case NONE -> onSuccess(sentEpoch, r);
            case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
                failures = 0;
                fence(code);
            }
            case UNRELEASED_INSTANCE_ID,
                    FENCED_INSTANCE_ID,
                    GROUP_MAX_SIZE_REACHED,
                    GROUP_AUTHORIZATION_FAILED,
                    UNSUPPORTED_ASSIGNOR,
                    UNSUPPORTED_VERSION,
                    INVALID_REQUEST,
                    INVALID_REGULAR_EXPRESSION,
                    TOPIC_AUTHORIZATION_FAILED -> {
                Set<TopicPartition> owned = g.core().assignedPartitions();
                g.fail(code.exception("heartbeat of member " + memberId + " in group " + groupId, r.errorMessage()));
                if (!owned.isEmpty()) {
                    g.lose(owned);
                }
            }
            default -> {
                link.checkCoordinatorError(code);
                retry("the heartbeat answered " + code.name()
                        + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")"));
            }
        }
    }

    private void retry(String reason) {
        failures++;
        long delay = context.retryBackoff().delayNanos(failures);
        if (Integer.bitCount(failures) == 1) {
            log.info(
                    "Group {}: {} ({} in a row); retrying in {} ms",
                    groupId,
                    reason,
                    failures,
                    TimeUnit.NANOSECONDS.toMillis(delay));
        }
        scheduleNext(Math.min(delay, intervalNanos));
    }

    private void onSuccess(int sentEpoch, ConsumerGroupHeartbeatResponse r) {
        failures = 0;
        if (r.heartbeatIntervalMs() > 0) {
            intervalNanos = TimeUnit.MILLISECONDS.toNanos(r.heartbeatIntervalMs());
        }
        if (r.memberEpoch() != sentEpoch || m.is(JOINING)) {
            log.debug("Group {}: member {} epoch {} -> {}", groupId, memberId, sentEpoch, r.memberEpoch());
        }
        g.generation(r.memberEpoch());
        ConsumerGroupHeartbeatResponse.Assignment assignment = r.assignment();
        if (assignment != null) {
            Map<Uuid, Set<Integer>> next = new LinkedHashMap<>();
            for (ConsumerGroupHeartbeatResponse.TopicPartitions tp : assignment.topicPartitions()) {
                next.computeIfAbsent(tp.topicId(), id -> new TreeSet<>()).addAll(tp.partitions());
            }
            onTarget(next);
        } else if (m.is(JOINING) && target == null) {
            // Joined, nothing assigned yet (the answer carries an assignment once there is one).
            onTarget(Map.of());
        }
        scheduleNext(intervalNanos);
    }

    // ------------------------------------------------------------------ reconciliation

    private void onTarget(Map<Uuid, Set<Integer>> next) {
        target = next;
        if (m.is(RECONCILING)) {
            pendingTarget = next;
            return;
        }
        reconcile(next);
    }

    /** Resolves topic ids (refreshing metadata for unknown ones) and moves the assignment to them. */
    private void reconcile(Map<Uuid, Set<Integer>> next) {
        Map<Uuid, String> names = topicNames(context.metadata().snapshot());
        Set<Uuid> unknown = new LinkedHashSet<>(next.keySet());
        unknown.removeAll(names.keySet());
        if (!unknown.isEmpty()) {
            // An assigned topic the consumer has no metadata for yet (a new topic matching the
            // pattern): look all topics up, then try again unless a newer assignment arrived.
            log.debug("Group {}: assignment names unknown topic ids {}; refreshing metadata", groupId, unknown);
            long version = m.version();
            g.watcher().check();
            context.metadata()
                    .refresh()
                    .whenComplete((s, e) -> context.loop()
                            .schedule(
                                    () -> {
                                        if (m.isCurrent(version) && target == next) {
                                            reconcile(next);
                                        }
                                    },
                                    e == null ? 0 : context.retryBackoff().delayNanos(1),
                                    TimeUnit.NANOSECONDS));
            return;
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        next.forEach((id, parts) -> parts.forEach(p -> partitions.add(new TopicPartition(names.get(id), p))));
        if (m.is(STABLE) && partitions.equals(g.core().assignedPartitions())) {
            return;
        }
        boolean joining = m.is(JOINING);
        m.transition(RECONCILING);
        if (!joining) {
            g.stats().started();
        }
        g.assignmentReceived();
        Set<TopicPartition> owned = g.core().assignedPartitions();
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(partitions);
        Set<TopicPartition> added = new LinkedHashSet<>(partitions);
        added.removeAll(owned);
        log.info(
                "Group {}: member {} epoch {}: assignment {}; adding {}, revoking {}",
                groupId,
                memberId,
                g.generation(),
                partitions,
                added,
                revoked);
        long version = m.version();
        g.reconcile(partitions).whenComplete((v, e) -> {
            if (!m.isCurrent(version)) {
                return; // fenced, left or timed out meanwhile
            }
            m.transition(STABLE);
            g.stats().completed();
            Map<Uuid, Set<Integer>> pending = pendingTarget;
            pendingTarget = null;
            // Tell the coordinator at once what the member owns now: revoked partitions are free
            // for their next owner only once it knows.
            beatNow();
            if (pending != null) {
                reconcile(pending);
            } else if (m.takeRejoinRequest()) {
                beatNow();
            }
        });
    }

    private static Map<Uuid, String> topicNames(ClusterSnapshot snapshot) {
        Map<Uuid, String> names = new HashMap<>();
        snapshot.topics().forEach((name, t) -> {
            if (!t.topicId().isZero()) {
                names.put(t.topicId(), name);
            }
        });
        return names;
    }

    // ------------------------------------------------------------------ leaving

    @Override
    public CompletableFuture<Void> sendLeave(String reason) {
        return leave(reason);
    }

    @Override
    public CompletableFuture<Void> sendLeaveOnPollTimeout() {
        return leave("consumer poll timeout has expired");
    }

    /** Heartbeat with epoch -1 (-2 for a static member, which keeps its assignment for its session). */
    private CompletableFuture<Void> leave(String reason) {
        cancelTimer();
        incarnation++;
        target = null;
        pendingTarget = null;
        if (g.generation() < 0 || !link.isKnown()) {
            return CompletableFuture.completedFuture(null);
        }
        int epoch = instanceId == null ? LEAVE_EPOCH : STATIC_LEAVE_EPOCH;
        log.info("Group {}: member {} leaves the group with epoch {}: {}", groupId, memberId, epoch, reason);
        ConsumerGroupHeartbeatRequest request = new ConsumerGroupHeartbeatRequest()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setInstanceId(instanceId);
        return link.<ConsumerGroupHeartbeatResponse>send(
                        request, ConsumerGroupHeartbeatRequest.HIGHEST_SUPPORTED_VERSION)
                .handle((r, e) -> null);
    }
}
