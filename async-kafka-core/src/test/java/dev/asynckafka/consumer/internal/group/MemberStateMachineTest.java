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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asynckafka.consumer.GroupProtocol;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MemberStateMachineTest {

    private static MemberStateMachine at(GroupProtocol protocol, MemberState... path) {
        MemberStateMachine m = new MemberStateMachine(protocol, "g");
        for (MemberState s : path) {
            m.transition(s);
        }
        return m;
    }

    @Test
    void classicLifecycleJoinSyncReconcileRejoinLeave() {
        MemberStateMachine m = at(
                GroupProtocol.CLASSIC,
                UNJOINED,
                PREPARING,
                JOINING,
                JOINING, // MEMBER_ID_REQUIRED: the same join with the given id
                SYNCING,
                RECONCILING,
                STABLE,
                PREPARING,
                JOINING,
                SYNCING,
                RECONCILING,
                STABLE,
                LEAVING,
                UNSUBSCRIBED,
                UNJOINED,
                LEAVING,
                CLOSED);
        assertEquals(CLOSED, m.state());
        assertFalse(m.isSubscribed());
    }

    @Test
    void consumerLifecycleJoinReconcileFenceRejoinLeave() {
        MemberStateMachine m = at(
                GroupProtocol.CONSUMER,
                UNJOINED,
                JOINING,
                RECONCILING,
                STABLE,
                RECONCILING, // a new target assignment
                STABLE,
                FENCED,
                JOINING,
                STABLE, // rejoined with nothing to reconcile
                LEAVING,
                CLOSED);
        assertEquals(CLOSED, m.state());
    }

    @Test
    void classicHasNoFencedStateAndConsumerNoJoinGroupPhases() {
        MemberStateMachine classic = at(GroupProtocol.CLASSIC, UNJOINED, PREPARING, JOINING, SYNCING, RECONCILING);
        assertThrows(IllegalStateException.class, () -> classic.transition(FENCED));
        MemberStateMachine consumer = at(GroupProtocol.CONSUMER, UNJOINED);
        assertThrows(IllegalStateException.class, () -> consumer.transition(PREPARING));
        MemberStateMachine joining = at(GroupProtocol.CONSUMER, UNJOINED, JOINING);
        assertThrows(IllegalStateException.class, () -> joining.transition(SYNCING));
    }

    @Test
    void invalidTransitionThrowsAndLeavesTheStateAlone() {
        MemberStateMachine m = at(GroupProtocol.CLASSIC, UNJOINED, PREPARING);
        long version = m.version();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.transition(STABLE));
        assertTrue(e.getMessage().contains("PREPARING to STABLE"), e.getMessage());
        assertEquals(PREPARING, m.state());
        assertTrue(m.isCurrent(version));
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void closedIsTerminalAndOnlyLeavingOrUnsubscribedLeadThere(GroupProtocol protocol) {
        assertTrue(MemberStateMachine.allowed(protocol, CLOSED).isEmpty());
        for (MemberState from : MemberState.values()) {
            boolean allowed = MemberStateMachine.allowed(protocol, from).contains(CLOSED);
            assertEquals(from == LEAVING || from == UNSUBSCRIBED, allowed, from + " -> CLOSED");
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void afterFatalOnlyLeaving(GroupProtocol protocol) {
        assertEquals(Set.of(LEAVING), MemberStateMachine.allowed(protocol, FATAL));
    }

    /** Every state a protocol uses is reachable from UNSUBSCRIBED, and every allowed edge works. */
    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void everyAllowedEdgeWorksAndEveryOtherThrows(GroupProtocol protocol) {
        Map<MemberState, List<MemberState>> paths = pathsFromStart(protocol);
        Set<MemberState> unused =
                protocol == GroupProtocol.CLASSIC ? EnumSet.of(FENCED) : EnumSet.of(PREPARING, SYNCING);
        for (MemberState s : MemberState.values()) {
            assertEquals(!unused.contains(s), paths.containsKey(s), s + " reachable under " + protocol);
        }
        int allowedEdges = 0;
        for (Map.Entry<MemberState, List<MemberState>> e : paths.entrySet()) {
            for (MemberState to : MemberState.values()) {
                MemberStateMachine m = at(protocol, e.getValue().toArray(MemberState[]::new));
                assertEquals(e.getKey(), m.state());
                long version = m.version();
                if (MemberStateMachine.allowed(protocol, e.getKey()).contains(to)) {
                    m.transition(to);
                    assertEquals(to, m.state());
                    assertFalse(m.isCurrent(version), "a transition bumps the version");
                    allowedEdges++;
                } else {
                    assertThrows(IllegalStateException.class, () -> m.transition(to), e.getKey() + " -> " + to);
                    assertEquals(e.getKey(), m.state());
                }
            }
        }
        assertTrue(allowedEdges > 20, "edges exercised: " + allowedEdges);
    }

    private static Map<MemberState, List<MemberState>> pathsFromStart(GroupProtocol protocol) {
        Map<MemberState, List<MemberState>> paths = new java.util.EnumMap<>(MemberState.class);
        paths.put(UNSUBSCRIBED, List.of());
        Deque<MemberState> queue = new ArrayDeque<>(List.of(UNSUBSCRIBED));
        while (!queue.isEmpty()) {
            MemberState s = queue.poll();
            for (MemberState next : MemberStateMachine.allowed(protocol, s)) {
                if (!paths.containsKey(next)) {
                    List<MemberState> p = new java.util.ArrayList<>(paths.get(s));
                    p.add(next);
                    paths.put(next, p);
                    queue.add(next);
                }
            }
        }
        return paths;
    }

    @Test
    void rebalancingStatesDeferRejoinRequests() {
        MemberStateMachine m = at(GroupProtocol.CLASSIC, UNJOINED);
        assertFalse(m.isRebalancing());
        m.transition(PREPARING);
        assertTrue(m.isRebalancing());
        m.requestRejoin();
        assertTrue(m.rejoinRequested());
        assertTrue(m.takeRejoinRequest());
        assertFalse(m.takeRejoinRequest());
    }

    @Test
    void aStaleAnswerIsRecognizedEvenBackInTheSameState() {
        MemberStateMachine m = at(GroupProtocol.CLASSIC, UNJOINED, PREPARING, JOINING);
        long sentAt = m.version();
        m.transition(POLL_TIMED_OUT);
        m.transition(UNJOINED);
        m.transition(PREPARING);
        m.transition(JOINING);
        assertEquals(JOINING, m.state());
        assertFalse(m.isCurrent(sentAt));
    }

    @Test
    void subscribedMeansNeitherUnsubscribedLeavingNorClosed() {
        MemberStateMachine m = at(GroupProtocol.CONSUMER);
        assertFalse(m.isSubscribed());
        m.transition(UNJOINED);
        assertTrue(m.isSubscribed());
        m.transition(FATAL);
        assertTrue(m.isSubscribed());
        m.transition(LEAVING);
        assertFalse(m.isSubscribed());
    }
}
