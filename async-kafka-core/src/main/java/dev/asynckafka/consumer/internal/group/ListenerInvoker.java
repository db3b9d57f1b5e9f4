package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.internal.util.Loops;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RebalanceListener} callbacks on the application executor and waits for their stages
 * without blocking: the returned future completes on the event loop when the stage completes, or
 * when the rebalance timeout passes (logged). A callback that throws or fails is logged and counts
 * as done.
 */
final class ListenerInvoker {
    private static final Logger log = LoggerFactory.getLogger(ListenerInvoker.class);

    enum Kind {
        REVOKED(RebalanceListener::onPartitionsRevoked),
        ASSIGNED(RebalanceListener::onPartitionsAssigned),
        LOST(RebalanceListener::onPartitionsLost);

        final BiFunction<RebalanceListener, Set<TopicPartition>, CompletionStage<Void>> call;

        Kind(BiFunction<RebalanceListener, Set<TopicPartition>, CompletionStage<Void>> call) {
            this.call = call;
        }
    }

    private final EventExecutor loop;
    private final Executor executor;
    private final Duration timeout;
    private final String groupId;

    ListenerInvoker(EventExecutor loop, Executor executor, Duration timeout, String groupId) {
        this.loop = loop;
        this.executor = executor;
        this.timeout = timeout;
        this.groupId = groupId;
    }

    CompletableFuture<Void> invoke(RebalanceListener listener, Kind kind, Set<TopicPartition> partitions) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<TopicPartition> copy = Set.copyOf(partitions);
        Runnable finish = () -> {
            if (!Loops.submit(loop, () -> done.complete(null))) {
                done.complete(null); // the loop is gone: the consumer closed, nothing waits on it
            }
        };
        Runnable task = () -> {
            try {
                kind.call.apply(listener, copy).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("Group {}: rebalance listener failed in {} for {}", groupId, kind, copy, e);
                    }
                    finish.run();
                });
            } catch (RuntimeException e) {
                log.warn("Group {}: rebalance listener threw in {} for {}", groupId, kind, copy, e);
                finish.run();
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
        loop.schedule(
                () -> {
                    if (done.complete(null)) {
                        log.warn(
                                "Group {}: rebalance listener did not finish {} for {} within rebalance.timeout.ms"
                                        + " ({} ms); going on without it",
                                groupId,
                                kind,
                                copy,
                                timeout.toMillis());
                    }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        return done;
    }
}
