package dev.asynckafka.consumer.internal.group;

import static dev.asynckafka.consumer.internal.group.MemberState.CLOSED;
import static dev.asynckafka.consumer.internal.group.MemberState.FATAL;
import static dev.asynckafka.consumer.internal.group.MemberState.LEAVING;
import static dev.asynckafka.consumer.internal.group.MemberState.POLL_TIMED_OUT;
import static dev.asynckafka.consumer.internal.group.MemberState.STABLE;
import static dev.asynckafka.consumer.internal.group.MemberState.UNJOINED;
import static dev.asynckafka.consumer.internal.group.MemberState.UNSUBSCRIBED;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.CommitFailedException;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.consumer.ConsumerMetrics.GroupState;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.consumer.internal.ConsumerCore;
import dev.asynckafka.consumer.internal.group.ListenerInvoker.Kind;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.StaleMemberEpochException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.util.Loops;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's membership in its group, on the consumer's event loop. The member's state lives in
 * a {@link MemberStateMachine}; the protocol's side (joining, heartbeats, leaving) is a {@link
 * Membership}; {@link AutoCommitter} commits with {@code enable.auto.commit}. This class holds what
 * both protocols share: the subscription, the assignment and its reconciliation (revoke first,
 * then assign, the {@link RebalanceListener} called through {@link ListenerInvoker}), the poll
 * timeout ({@code max.poll.interval.ms}), leaving on unsubscribe or close, and offsets.
 *
 * <p>All methods run on the event loop; futures complete there.
 */
public final class GroupCoordinator {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final ConsumerCore<?, ?> core;
    private final ClientContext context;
    private final ConsumerOptions options;
    private final String groupId;
    private final @Nullable String instanceId;
    private final OffsetClient offsets;
    private final ListenerInvoker invoker;
    private final TopicWatcher watcher;
    private final GroupProtocol protocol;
    private final MemberStateMachine machine;
    private final Membership membership;
    private final AutoCommitter autoCommitter;
    private final RebalanceStats stats;

    private RebalanceListener listener = RebalanceListener.NOOP;
    // Volatile (single writer: the loop) where metrics() reads them from other threads.
    private volatile String memberId = "";
    private volatile int generation = -1;
    private volatile @Nullable KafkaException fatal;
    private long lastPollNanos;
    private @Nullable ScheduledFuture<?> pollTimer;
    private int rebalances;
    /** Closing while an unsubscribe's leave is under way: the leave ends in CLOSED. */
    private boolean closing;
    /** Subscribed again while an unsubscribe's leave is under way: rejoin once it ends. */
    private boolean resubscribe;

    private @Nullable CompletableFuture<Void> leaving;

    public GroupCoordinator(ConsumerCore<?, ?> core, ConsumerOptions options, String groupId) {
        this.core = core;
        this.context = core.context();
        this.lastPollNanos = context.nanoTime();
        this.stats = new RebalanceStats(context.loop().ticker());
        this.options = options;
        this.groupId = groupId;
        this.instanceId = options.groupInstanceId();
        long apiTimeout = options.defaultApiTimeout().toNanos();
        CoordinatorLink link = new CoordinatorLink(context, groupId, apiTimeout);
        this.offsets = new OffsetClient(context, link, groupId, apiTimeout);
        this.invoker = new ListenerInvoker(context.loop(), options.executor(), options.rebalanceTimeout(), groupId);
        this.watcher = new TopicWatcher(context, "Group " + groupId, this::onTopicsChanged);
        this.protocol = options.groupProtocol();
        this.machine = new MemberStateMachine(protocol, groupId);
        this.membership = protocol == GroupProtocol.CLASSIC
                ? new ClassicMembership(this, machine, options, link)
                : new ConsumerMembership(this, machine, options, link);
        this.autoCommitter = new AutoCommitter(
                context.loop(),
                groupId,
                options.enableAutoCommit(),
                options.autoCommitInterval(),
                () -> machine.is(STABLE) && generation >= 0,
                core::assignedPartitions,
                this::commitPositions);
    }

    /** The one time source of this class: the client loop's clock, virtual in timing tests. */
    private long now() {
        return context.nanoTime();
    }

    // ------------------------------------------------------------------ subscription

    /** Subscribes to fixed topics or a pattern; (re)joins once the topics are resolved. */
    public void subscribe(Set<String> topics, @Nullable Pattern pattern, RebalanceListener l) {
        if (machine.is(CLOSED) || closing) {
            return;
        }
        this.listener = l;
        this.lastPollNanos = now();
        if (machine.is(UNSUBSCRIBED)) {
            machine.transition(UNJOINED);
            startTimers();
        } else if (machine.is(LEAVING)) {
            resubscribe = true;
        }
        watcher.watch(topics, pattern);
    }

    public boolean isSubscribed() {
        return machine.isSubscribed();
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

    /** The group protocol the member speaks. */
    public GroupProtocol protocol() {
        return protocol;
    }

    /** The current generation (the member epoch under the consumer protocol), or -1. */
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
        } else if (machine.is(STABLE) && generation >= 0) {
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
                partitions,
                protocol);
    }

    private void onTopicsChanged(Set<String> topics, Map<String, Integer> counts) {
        if (!machine.isSubscribed()) {
            return;
        }
        log.debug("Group {}: subscribed topics {} with partition counts {}", groupId, topics, counts);
        requestRejoin("the subscription resolved to " + topics + " with partition counts " + counts);
    }

    /** Leaves the group (revoking partitions first) and stops; the consumer stays usable. */
    public CompletableFuture<Void> unsubscribe() {
        if (machine.is(LEAVING) && resubscribe) {
            resubscribe = false;
            return nonNull(leaving);
        }
        if (!machine.isSubscribed()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Integer> existing = existingTopics();
        watcher.stop();
        stopTimers();
        return leaveGroup("the consumer unsubscribed", existing);
    }

    /** Commits (auto commit), revokes, and leaves the group unless static. */
    public CompletableFuture<Void> close() {
        if (machine.is(CLOSED)) {
            return CompletableFuture.completedFuture(null);
        }
        closing = true;
        resubscribe = false;
        watcher.stop();
        stopTimers();
        if (machine.is(LEAVING)) {
            return nonNull(leaving);
        }
        if (machine.is(UNSUBSCRIBED)) {
            machine.transition(CLOSED);
            return CompletableFuture.completedFuture(null);
        }
        return leaveGroup("the consumer is closing", existingTopics());
    }

    private static CompletableFuture<Void> nonNull(@Nullable CompletableFuture<Void> f) {
        return f == null ? CompletableFuture.completedFuture(null) : f;
    }

    private CompletableFuture<Void> leaveGroup(String reason, @Nullable Map<String, Integer> existing) {
        Set<TopicPartition> owned = core.assignedPartitions();
        boolean inGeneration = generation >= 0;
        machine.transition(LEAVING);
        CompletableFuture<Void> revoke;
        if (inGeneration) {
            revoke = autoCommitter.beforeRevocation(owned, existing).thenCompose(v -> revoke(owned));
        } else {
            revoke = owned.isEmpty() ? CompletableFuture.completedFuture(null) : lose(owned);
        }
        CompletableFuture<Void> done =
                revoke.thenCompose(v -> membership.sendLeave(reason)).whenComplete((v, e) -> left());
        leaving = done;
        return done;
    }

    /** The leave ended: unsubscribed, closed, or subscribed again meanwhile. */
    private void left() {
        stats.abandoned();
        generation = -1;
        if (instanceId == null) {
            memberId = "";
        }
        leaving = null;
        if (closing) {
            machine.transition(CLOSED);
            return;
        }
        machine.transition(UNSUBSCRIBED);
        if (resubscribe) {
            resubscribe = false;
            machine.transition(UNJOINED);
            startTimers();
            if (watcher.isResolved()) {
                requestRejoin("the consumer subscribed again");
            }
        }
    }

    // ------------------------------------------------------------------ polling

    /** The application asked for records: resets the poll timer, rejoins after a poll timeout. */
    public void onPoll() {
        lastPollNanos = now();
        if (machine.is(POLL_TIMED_OUT)) {
            machine.transition(UNJOINED);
            requestRejoin("the application asked for records again after a poll timeout");
        }
    }

    private void checkPollTimeout() {
        if (!machine.isSubscribed() || machine.is(POLL_TIMED_OUT) || machine.is(FATAL) || generation < 0) {
            return;
        }
        long idle = now() - lastPollNanos;
        if (idle > options.maxPollInterval().toNanos()) {
            log.warn(
                    "Group {}: the application has not asked for records for {} ms, more than max.poll.interval.ms"
                            + " ({} ms): member {} leaves the group and rejoins on the next getMany/getOne",
                    groupId,
                    TimeUnit.NANOSECONDS.toMillis(idle),
                    options.maxPollInterval().toMillis(),
                    memberId);
            machine.transition(POLL_TIMED_OUT);
            Set<TopicPartition> owned = core.assignedPartitions();
            String leavingMember = memberId;
            membership.sendLeaveOnPollTimeout();
            generation = -1;
            stats.abandoned();
            if (instanceId == null) {
                memberId = "";
            }
            if (!owned.isEmpty()) {
                invoker.invoke(listener, Kind.LOST, owned).whenComplete((v, e) -> core.removePartitions(owned));
            }
            log.debug("Group {}: former member {} is out of the group", groupId, leavingMember);
        }
    }

    // ------------------------------------------------------------------ rebalancing

    /** Rejoins the group at once (a no-op while not subscribed or already joining); event loop. */
    public void enforceRebalance(@Nullable String reason) {
        Loops.assertInLoop(core.context().loop());
        requestRejoin(reason == null ? "the application asked for a rebalance" : "the application asked: " + reason);
    }

    /**
     * Rejoins now if the member is idle (unjoined or stable); otherwise notes the request, acted on
     * when the rebalance under way ends or the application polls again after a poll timeout.
     */
    void requestRejoin(String reason) {
        machine.requestRejoin();
        if (fatal != null || !(machine.is(UNJOINED) || machine.is(STABLE))) {
            return;
        }
        machine.takeRejoinRequest();
        membership.rejoin(reason);
    }

    /** Rejoins after a backoff unless something else moved the member meanwhile. */
    void rejoinAfter(long delayNanos, String reason) {
        long version = machine.version();
        context.loop()
                .schedule(
                        () -> {
                            if (machine.isCurrent(version)) {
                                requestRejoin(reason);
                            }
                        },
                        delayNanos,
                        TimeUnit.NANOSECONDS);
    }

    /** A new assignment arrived (counted for {@link #rebalances()}). */
    void assignmentReceived() {
        rebalances++;
        core.markAssigned();
    }

    /**
     * Moves the assignment to {@code next}: commits (auto commit) and revokes what goes first,
     * then adds what comes and calls the assign callback, then fetches the new partitions'
     * committed offsets. Completes when the callbacks ran; never fails. If the member moved on while
     * the revocation ran (fenced, left, timed out), nothing is added: the partitions may already
     * belong to another member.
     */
    CompletableFuture<Void> reconcile(Set<TopicPartition> next) {
        long version = machine.version();
        Set<TopicPartition> owned = core.assignedPartitions();
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(next);
        Set<TopicPartition> added = new LinkedHashSet<>(next);
        added.removeAll(owned);
        return commitAndRevoke(revoked)
                .thenCompose(v -> {
                    if (!machine.isCurrent(version)) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    core.addAwaitingPositions(added);
                    return invoker.invoke(listener, Kind.ASSIGNED, added);
                })
                .thenRun(() -> {
                    if (machine.isCurrent(version)) {
                        initPositions();
                    }
                });
    }

    /** Commits (auto commit) and revokes the partitions; nothing when empty. */
    CompletableFuture<Void> commitAndRevoke(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return autoCommitter.beforeRevocation(partitions, existingTopics()).thenCompose(v -> revoke(partitions));
    }

    private CompletableFuture<Void> revoke(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return invoker.invoke(listener, Kind.REVOKED, partitions).thenRun(() -> core.removePartitions(partitions));
    }

    /** The partitions are lost (the member is out of its generation): the lost callback, then removal. */
    CompletableFuture<Void> lose(Set<TopicPartition> partitions) {
        return invoker.invoke(listener, Kind.LOST, partitions).thenRun(() -> core.removePartitions(partitions));
    }

    /** Positions of partitions that await them, from the group's committed offsets (retried). */
    void initPositions() {
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

    /** Gives up on the group: commits fail until unsubscribe or close. */
    void fail(KafkaException error) {
        log.error("Group {}: giving up on the group: {}", groupId, error.getMessage());
        fatal = error;
        machine.transition(FATAL);
        stats.failed();
        generation = -1;
        stopTimers();
    }

    // ------------------------------------------------------------------ shared state for Membership

    ClientContext context() {
        return context;
    }

    ConsumerCore<?, ?> core() {
        return core;
    }

    String groupId() {
        return groupId;
    }

    TopicWatcher watcher() {
        return watcher;
    }

    RebalanceStats stats() {
        return stats;
    }

    String memberId() {
        return memberId;
    }

    void memberId(String id) {
        this.memberId = id;
    }

    void generation(int generation) {
        this.generation = generation;
    }

    // ------------------------------------------------------------------ timers

    private void startTimers() {
        membership.start();
        autoCommitter.start();
        if (pollTimer == null) {
            long check = Math.max(
                    TimeUnit.MILLISECONDS.toNanos(100),
                    Math.min(
                            TimeUnit.SECONDS.toNanos(1),
                            options.maxPollInterval().toNanos() / 4));
            pollTimer =
                    context.loop().scheduleWithFixedDelay(this::checkPollTimeout, check, check, TimeUnit.NANOSECONDS);
        }
    }

    private void stopTimers() {
        membership.stop();
        autoCommitter.stop();
        ScheduledFuture<?> t = pollTimer;
        if (t != null) {
            t.cancel(false);
        }
        pollTimer = null;
    }

    // ------------------------------------------------------------------ offsets

    /** The subscribed topics that exist, as last resolved; null while not resolved (nothing known). */
    private @Nullable Map<String, Integer> existingTopics() {
        return watcher.isResolved() ? watcher.partitionCounts() : null;
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
        if (machine.isSubscribed() && generation < 0) {
            return CompletableFuture.failedFuture(new CommitFailedException("Commit of " + toCommit.keySet()
                    + " failed: the consumer is not part of an active generation of group " + groupId
                    + (machine.is(POLL_TIMED_OUT)
                            ? " (it left after max.poll.interval.ms without a getMany; it rejoins on the next one)"
                            : " (it is rejoining)")));
        }
        OffsetClient.Member member = generation >= 0
                ? new OffsetClient.Member(generation, memberId, instanceId)
                : new OffsetClient.Member(-1, "", null);
        return offsets.commit(toCommit, member)
                .exceptionallyCompose(e -> retryWithNewEpoch(toCommit, member, e))
                .whenComplete((v, e) -> {
                    if (e == null) {
                        Map<TopicPartition, Long> done = new HashMap<>();
                        toCommit.forEach((tp, om) -> done.put(tp, om.offset()));
                        core.committed(done);
                    }
                    // Under the consumer protocol only the heartbeat fences a member; a commit answered
                    // STALE_MEMBER_EPOCH raced with an epoch bump.
                    if (protocol == GroupProtocol.CLASSIC
                            && e instanceof CommitFailedException
                            && machine.isSubscribed()
                            && generation == member.generation()) {
                        generation = -1;
                        requestRejoin("a commit found the member out of the group");
                    }
                });
    }

    /**
     * Consumer protocol: a commit answered {@code STALE_MEMBER_EPOCH} because a heartbeat bumped
     * the member epoch meanwhile is made again, once, with the new epoch.
     */
    private CompletableFuture<Void> retryWithNewEpoch(
            Map<TopicPartition, OffsetAndMetadata> toCommit, OffsetClient.Member member, Throwable e) {
        Throwable cause =
                e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        int now = generation;
        if (protocol == GroupProtocol.CONSUMER
                && cause instanceof CommitFailedException
                && cause.getCause() instanceof StaleMemberEpochException
                && now >= 0
                && now != member.generation()) {
            return offsets.commit(toCommit, new OffsetClient.Member(now, memberId, instanceId));
        }
        return CompletableFuture.failedFuture(cause);
    }

    /** The group's committed offsets for the partitions (absent where none). */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> partitions) {
        return offsets.fetch(partitions);
    }
}
