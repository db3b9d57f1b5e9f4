package dev.asynckafka.internal.network;

/**
 * Kinds of traffic that get their own connection to a broker, so that a long-polling fetch never
 * waits behind a produce, and a heartbeat never waits behind either.
 */
public enum TrafficClass {
    /** Metadata, admin and other short control requests. */
    CONTROL,
    /** Produce requests. */
    PRODUCE,
    /** Fetch requests for partitions with data to catch up on: answered at once. */
    FETCH,
    /**
     * Fetch requests for caught-up partitions, which long-poll for {@code fetch.max.wait.ms}; on
     * their own connection so a waiting fetch never holds back partitions that have data.
     */
    FETCH_LONG_POLL,
    /** Group coordination that the broker answers at once: heartbeats, commits, offset fetches, leave. */
    GROUP,
    /**
     * JoinGroup and SyncGroup, which the coordinator holds until the whole group has joined (up to
     * the rebalance timeout). On their own connection because a broker reads one request per
     * connection at a time: a commit queued behind a parked join would reach the coordinator only
     * after the generation moved on, and fail.
     */
    GROUP_JOIN
}
