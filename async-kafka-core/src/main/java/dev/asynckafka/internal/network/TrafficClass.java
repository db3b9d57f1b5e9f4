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
    /** Fetch requests, which may long-poll for {@code fetch.max.wait.ms}. */
    FETCH,
    /** Group coordination: join, sync, heartbeat, commits. */
    GROUP
}
