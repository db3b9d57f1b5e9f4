package dev.asynckafka.consumer.internal.group;

import static dev.asynckafka.consumer.internal.group.MemberState.CLOSED;
import static dev.asynckafka.consumer.internal.group.MemberState.FATAL;
import static dev.asynckafka.consumer.internal.group.MemberState.FENCED;
import static dev.asynckafka.consumer.internal.group.MemberState.JOINING;
import static dev.asynckafka.consumer.internal.group.MemberState.LEAVING;
import static dev.asynckafka.consumer.internal.group.MemberState.POLL_TIMED_OUT;
import static dev.asynckafka.consumer.internal.group.MemberState.PREPARING;
import static dev.asynckafka.consumer.internal.group.MemberState.RECONCILING;
import static dev.asynckafka.consumer.internal.group.MemberState.STABLE;
import static dev.asynckafka.consumer.internal.group.MemberState.SYNCING;
import static dev.asynckafka.consumer.internal.group.MemberState.UNJOINED;
import static dev.asynckafka.consumer.internal.group.MemberState.UNSUBSCRIBED;

import dev.asynckafka.consumer.GroupProtocol;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group member's state and the only place where it changes: every transition the protocol
 * allows is listed here, and any other one throws {@link IllegalStateException} (a bug, which the
 * unit tests exercise without a broker).
 *
 * <p>Responses to requests sent in one state may arrive after the member moved on (a poll timeout,
 * a leave, a newer join). Senders take a {@link #version()} when they send and act on the answer
 * only while {@link #isCurrent(long)}: every transition bumps the version, so a stale answer is
 * recognized even if the member came back to the same state meanwhile.
 *
 * <p>Single writer (the consumer's event loop); {@link #state()} may be read from any thread.
 */
final class MemberStateMachine {
    private static final Logger log = LoggerFactory.getLogger(MemberStateMachine.class);

    private static final Map<MemberState, Set<MemberState>> CLASSIC = new EnumMap<>(MemberState.class);
    private static final Map<MemberState, Set<MemberState>> CONSUMER = new EnumMap<>(MemberState.class);

    static {
        // A live member may always time out on polls, leave, or give up.
        Set<MemberState> exits = EnumSet.of(POLL_TIMED_OUT, LEAVING, FATAL);

        CLASSIC.put(UNSUBSCRIBED, EnumSet.of(UNJOINED, CLOSED));
        CLASSIC.put(UNJOINED, with(exits, PREPARING));
        CLASSIC.put(PREPARING, with(exits, JOINING));
        // JOINING -> JOINING: MEMBER_ID_REQUIRED, the same join again with the id the coordinator gave.
        CLASSIC.put(JOINING, with(exits, JOINING, SYNCING, UNJOINED));
        CLASSIC.put(SYNCING, with(exits, RECONCILING, UNJOINED));
        CLASSIC.put(RECONCILING, with(exits, STABLE));
        CLASSIC.put(STABLE, with(exits, PREPARING));
        CLASSIC.put(FENCED, EnumSet.noneOf(MemberState.class)); // classic rejoins through PREPARING
        CLASSIC.put(POLL_TIMED_OUT, EnumSet.of(UNJOINED, LEAVING, FATAL));
        CLASSIC.put(FATAL, EnumSet.of(LEAVING));
        CLASSIC.put(LEAVING, EnumSet.of(UNSUBSCRIBED, CLOSED));
        CLASSIC.put(CLOSED, EnumSet.noneOf(MemberState.class));

        CONSUMER.put(UNSUBSCRIBED, EnumSet.of(UNJOINED, CLOSED));
        CONSUMER.put(UNJOINED, with(exits, JOINING));
        // JOINING -> UNJOINED: the heartbeat failed, retried after a backoff.
        CONSUMER.put(JOINING, with(exits, RECONCILING, STABLE, FENCED, UNJOINED));
        CONSUMER.put(RECONCILING, with(exits, STABLE, FENCED, UNJOINED));
        CONSUMER.put(STABLE, with(exits, RECONCILING, FENCED, UNJOINED));
        CONSUMER.put(FENCED, with(exits, JOINING));
        CONSUMER.put(PREPARING, EnumSet.noneOf(MemberState.class));
        CONSUMER.put(SYNCING, EnumSet.noneOf(MemberState.class));
        CONSUMER.put(POLL_TIMED_OUT, EnumSet.of(UNJOINED, LEAVING, FATAL));
        CONSUMER.put(FATAL, EnumSet.of(LEAVING));
        CONSUMER.put(LEAVING, EnumSet.of(UNSUBSCRIBED, CLOSED));
        CONSUMER.put(CLOSED, EnumSet.noneOf(MemberState.class));
    }

    private static Set<MemberState> with(Set<MemberState> base, MemberState... more) {
        EnumSet<MemberState> s = EnumSet.copyOf(base);
        s.addAll(Set.of(more));
        return s;
    }

    private final GroupProtocol protocol;
    private final String groupId;
    private volatile MemberState state = UNSUBSCRIBED;
    private long version;
    private boolean rejoinRequested;

    MemberStateMachine(GroupProtocol protocol, String groupId) {
        this.protocol = protocol;
        this.groupId = groupId;
    }

    /** The states {@code protocol} allows after {@code from}. */
    static Set<MemberState> allowed(GroupProtocol protocol, MemberState from) {
        Set<MemberState> s = (protocol == GroupProtocol.CLASSIC ? CLASSIC : CONSUMER).get(from);
        return s == null ? Set.of() : s;
    }

    GroupProtocol protocol() {
        return protocol;
    }

    /** The current state; any thread. */
    MemberState state() {
        return state;
    }

    boolean is(MemberState s) {
        return state == s;
    }

    /** Moves to {@code to}; throws {@link IllegalStateException} if the protocol does not allow it. */
    void transition(MemberState to) {
        MemberState from = state;
        if (!allowed(protocol, from).contains(to)) {
            throw new IllegalStateException("Group " + groupId + ": member cannot go from " + from + " to " + to
                    + " under the " + protocol.configName() + " protocol");
        }
        if (from != to) {
            log.debug("Group {}: member {} -> {}", groupId, from, to);
        }
        state = to;
        version++;
    }

    /** Bumped by every transition; see the class comment. */
    long version() {
        return version;
    }

    /** Whether no transition happened since {@code version} was taken. */
    boolean isCurrent(long version) {
        return this.version == version;
    }

    /** Subscribed: neither unsubscribed, leaving nor closed. */
    boolean isSubscribed() {
        return state != UNSUBSCRIBED && state != LEAVING && state != CLOSED;
    }

    /** A rebalance is under way: the member cannot start another one now, it notes the request. */
    boolean isRebalancing() {
        return state == PREPARING || state == JOINING || state == SYNCING || state == RECONCILING;
    }

    /** Notes that the member must rejoin once the current rebalance (or poll timeout) ends. */
    void requestRejoin() {
        rejoinRequested = true;
    }

    boolean rejoinRequested() {
        return rejoinRequested;
    }

    /** Returns whether a rejoin was requested, and forgets it. */
    boolean takeRejoinRequest() {
        boolean r = rejoinRequested;
        rejoinRequested = false;
        return r;
    }

    @Override
    public String toString() {
        return state.name();
    }
}
