package dev.asynckafka.producer.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Counts down the batches and waiting records a flush waits for; cheaper than combining one future
 * per record. Starts with one count held by the flush itself, released once everything is counted.
 * Event loop only.
 */
final class FlushTracker {
    private int remaining = 1;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    void add() {
        remaining++;
    }

    void arrive() {
        if (--remaining == 0) {
            done.complete(null);
        }
    }
}
