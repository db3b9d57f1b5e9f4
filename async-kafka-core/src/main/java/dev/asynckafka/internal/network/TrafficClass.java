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
    /** Group coordination: join, sync, heartbeat, commits. */
    GROUP
}
