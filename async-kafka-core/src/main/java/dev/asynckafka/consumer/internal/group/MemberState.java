package dev.asynckafka.consumer.internal.group;

/**
 * Where a consumer stands in its group. The transitions each protocol allows are in {@link
 * MemberStateMachine}; see there.
 */
enum MemberState {
    /** Not subscribed (the initial state, and after {@code unsubscribe}). */
    UNSUBSCRIBED,
    /** Subscribed but not joining: topics not resolved yet, or backing off after a failed join. */
    UNJOINED,
    /** Classic: committing and revoking (or losing) partitions before JoinGroup. */
    PREPARING,
    /** Classic: JoinGroup in flight. Consumer protocol: heartbeat with epoch 0 sent, no epoch yet. */
    JOINING,
    /** Classic: the leader assigns, SyncGroup in flight. */
    SYNCING,
    /** Applying a new assignment: revoke callbacks and removal first, then additions. */
    RECONCILING,
    /** The assignment is applied; heartbeats go on. */
    STABLE,
    /** Consumer protocol: the coordinator fenced the member; its partitions are lost, it rejoins with epoch 0. */
    FENCED,
    /** Left the group because the application did not ask for records within {@code max.poll.interval.ms}. */
    POLL_TIMED_OUT,
    /** Revoking, committing and leaving the group (unsubscribe or close). */
    LEAVING,
    /** Gave up on the group after a non-retriable error; commits fail until unsubscribe or close. */
    FATAL,
    /** Closed; terminal. */
    CLOSED
}
