package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code enable.auto.commit}: commits the positions of the assigned partitions every {@code
 * auto.commit.interval.ms} while the member is stable, and those of partitions about to be revoked
 * (before the revoke callback, so the next owner starts where this one stopped). Without auto
 * commit it does nothing. Event loop only.
 */
final class AutoCommitter {
    private static final Logger log = LoggerFactory.getLogger(AutoCommitter.class);

    private final EventExecutor loop;
    private final String groupId;
    private final boolean enabled;
    private final Duration interval;
    private final BooleanSupplier due;
    private final Supplier<Set<TopicPartition>> assigned;
    private final Function<Set<TopicPartition>, CompletableFuture<Void>> commitPositions;
    private @Nullable ScheduledFuture<?> timer;

    /**
     * @param due whether a periodic commit may run now (a stable member)
     * @param assigned the partitions whose positions a periodic commit commits
     * @param commitPositions commits the consumed positions of the given partitions
     */
    AutoCommitter(
            EventExecutor loop,
            String groupId,
            boolean enabled,
            Duration interval,
            BooleanSupplier due,
            Supplier<Set<TopicPartition>> assigned,
            Function<Set<TopicPartition>, CompletableFuture<Void>> commitPositions) {
        this.loop = loop;
        this.groupId = groupId;
        this.enabled = enabled;
        this.interval = interval;
        this.due = due;
        this.assigned = assigned;
        this.commitPositions = commitPositions;
    }

    void start() {
        if (timer == null && enabled) {
            long nanos = interval.toNanos();
            timer = loop.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        timer = null;
    }

    private void tick() {
        if (!due.getAsBoolean()) {
            return;
        }
        commitPositions.apply(assigned.get()).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("Group {}: auto commit failed: {}", groupId, e.toString());
            }
        });
    }

    /**
     * Commits positions before revocation, except of topics known to be gone: the broker would
     * answer UNKNOWN_TOPIC_OR_PARTITION until the commit times out, and a rejoin or close would
     * wait for it. {@code existing} null (nothing resolved yet) commits every partition. Never
     * fails: a failed commit is logged, revocation goes on.
     */
    CompletableFuture<Void> beforeRevocation(Set<TopicPartition> partitions, @Nullable Map<String, Integer> existing) {
        Set<TopicPartition> committable = new LinkedHashSet<>();
        partitions.stream()
                .filter(tp -> existing == null || existing.containsKey(tp.topic()))
                .forEach(committable::add);
        if (!enabled || committable.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return commitPositions.apply(committable).handle((v, e) -> {
            if (e != null) {
                log.warn("Group {}: committing {} before revocation failed: {}", groupId, partitions, e.toString());
            }
            return null;
        });
    }
}
