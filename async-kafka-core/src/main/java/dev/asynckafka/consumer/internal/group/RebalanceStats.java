package dev.asynckafka.consumer.internal.group;

import io.netty.util.concurrent.Ticker;
import java.time.Duration;

/**
 * A group member's rebalance counters. Written only on the consumer's event loop (single writer,
 * so plain updates of volatile fields are safe), read from any thread for {@link
 * dev.asynckafka.consumer.ConsumerMetrics}.
 *
 * <p>A rebalance starts when the member (re)joins and completes once SyncGroup succeeded and the
 * listener's revoke and assign callbacks ran; a join or sync error ends the attempt as failed
 * (the member retries after a backoff, a new attempt). A rejoin requested while one is under way
 * (the group rebalanced again during SyncGroup) continues the same rebalance.
 */
final class RebalanceStats {
    private volatile long completed;
    private volatile long failed;
    private volatile long totalNanos;
    private volatile long lastNanos;
    private volatile boolean inProgress;
    private long startNanos;
    private final Ticker ticker;

    /** @param ticker the client loop's clock, so durations follow virtual time in unit tests */
    RebalanceStats(Ticker ticker) {
        this.ticker = ticker;
    }

    /** A (re)join begins; keeps the start of a rebalance already under way. */
    void started() {
        if (!inProgress) {
            startNanos = ticker.nanoTime();
            inProgress = true;
        }
    }

    /** The rebalance under way completed. */
    void completed() {
        if (inProgress) {
            long took = ticker.nanoTime() - startNanos;
            lastNanos = took;
            totalNanos += took;
            completed++;
            inProgress = false;
        }
    }

    /** The rebalance under way failed; the member retries later. */
    void failed() {
        if (inProgress) {
            failed++;
            inProgress = false;
        }
    }

    /** The rebalance under way was given up without an error (unsubscribe, close). */
    void abandoned() {
        inProgress = false;
    }

    long completedCount() {
        return completed;
    }

    long failedCount() {
        return failed;
    }

    Duration total() {
        return Duration.ofNanos(totalNanos);
    }

    Duration last() {
        return Duration.ofNanos(lastNanos);
    }

    boolean inProgress() {
        return inProgress;
    }
}
