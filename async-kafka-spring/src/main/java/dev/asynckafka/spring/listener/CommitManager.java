package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.RebalanceInProgressException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes a container's commits: each one is sent only after the previous one was acknowledged
 * or failed, and reads the offsets to send at that moment, so a later commit (a revocation's) never
 * lands before an earlier one (a periodic one) and a committed offset never moves backwards. Only
 * lanes whose done prefix moved past what their own assignment already committed are sent. A
 * periodic commit already waiting absorbs further periodic requests.
 */
final class CommitManager {
    private static final Logger log = LoggerFactory.getLogger(CommitManager.class);

    private final String listenerId;
    private final Object lanesLock;
    private final Supplier<Collection<PartitionLane>> lanes;
    private final Executor callbacks;

    // Guarded by this.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean periodicWaiting;

    /**
     * @param lanesLock guards the lanes and their offsets (the container's monitor)
     * @param lanes the current lanes, read under {@code lanesLock}
     * @param callbacks where commit results are handled (commits complete on the consumer's I/O loop)
     */
    CommitManager(String listenerId, Object lanesLock, Supplier<Collection<PartitionLane>> lanes, Executor callbacks) {
        this.listenerId = listenerId;
        this.lanesLock = lanesLock;
        this.lanes = lanes;
        this.callbacks = callbacks;
    }

    /**
     * Commits, after any commit before it, the done prefix of the given partitions' lanes (all when
     * {@code only} is null: a periodic commit).
     *
     * @param send the consumer's commit
     * @return completes when this commit is acknowledged or failed (failures are logged); never fails
     */
    CompletableFuture<Void> commit(
            Function<Map<TopicPartition, OffsetAndMetadata>, CompletableFuture<Void>> send,
            @Nullable Collection<TopicPartition> only) {
        synchronized (this) {
            if (only == null) {
                if (periodicWaiting) {
                    return tail;
                }
                periodicWaiting = true;
            }
            // handle: a commit that went wrong in an unforeseen way must not stop the ones after it.
            CompletableFuture<Void> next = tail.handle((v, e) -> null).thenCompose(v -> send(send, only));
            tail = next;
            return next;
        }
    }

    private CompletableFuture<Void> send(
            Function<Map<TopicPartition, OffsetAndMetadata>, CompletableFuture<Void>> send,
            @Nullable Collection<TopicPartition> only) {
        if (only == null) {
            synchronized (this) {
                periodicWaiting = false;
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, PartitionLane> which = new HashMap<>();
        synchronized (lanesLock) {
            for (PartitionLane lane : lanes.get()) {
                if ((only == null || only.contains(lane.partition)) && !lane.closed && lane.offsets.dirty()) {
                    offsets.put(lane.partition, new OffsetAndMetadata(lane.offsets.committable()));
                    which.put(lane.partition, lane);
                }
            }
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f;
        try {
            f = send.apply(offsets);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handleAsync(
                (v, e) -> {
                    if (e == null) {
                        synchronized (lanesLock) {
                            which.forEach((tp, lane) ->
                                    lane.offsets.committed(offsets.get(tp).offset()));
                        }
                        log.debug("Listener {}: committed {}", listenerId, offsets);
                        return null;
                    }
                    Throwable cause = RecordProcessor.unwrap(e);
                    if (cause instanceof RebalanceInProgressException) {
                        // Commits follow completions, so a rebalance may see one per round trip: the
                        // next commit (or the revocation) covers it, and it is not worth a line each.
                        log.debug("Listener {}: commit of {} deferred: {}", listenerId, offsets, cause.toString());
                    } else if (cause instanceof KafkaException ke && ke.isRetriable()) {
                        log.info(
                                "Listener {}: commit of {} failed (will retry): {}",
                                listenerId,
                                offsets,
                                cause.toString());
                    } else {
                        log.warn("Listener {}: commit of {} failed: {}", listenerId, offsets, cause.toString());
                    }
                    return null;
                },
                callbacks);
    }
}
