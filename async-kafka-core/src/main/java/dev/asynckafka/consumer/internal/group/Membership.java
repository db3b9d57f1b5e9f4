package dev.asynckafka.consumer.internal.group;

import java.util.concurrent.CompletableFuture;

/**
 * One group protocol's side of a membership: how the member joins, heartbeats and leaves. The
 * state shared by both protocols (state machine, member id, generation or epoch, the assignment and
 * its listener) lives in {@link GroupCoordinator}. Event loop only.
 */
interface Membership {
    /** Starts (re)joining now; the member is {@code UNJOINED} or {@code STABLE} and has not failed. */
    void rejoin(String reason);

    /** The subscription started: heartbeats may begin. */
    void start();

    /** The subscription ended or the member failed: no more heartbeats. */
    void stop();

    /** Tells the coordinator the member leaves, where the protocol says so; never fails. */
    CompletableFuture<Void> sendLeave(String reason);

    /** Tells the coordinator the member leaves after a poll timeout; never fails. */
    default CompletableFuture<Void> sendLeaveOnPollTimeout() {
        return sendLeave("consumer poll timeout has expired");
    }
}
