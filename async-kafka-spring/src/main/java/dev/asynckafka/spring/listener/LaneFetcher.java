package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.spring.listener.RecordProcessor.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a container's lanes from its consumer (one fetcher per consumer, i.e. per run): getMany
 * calls only for lanes with room, at most one outstanding per partition, and never more records
 * into a lane than it has room for. Its state and the lanes are guarded by the container's monitor,
 * which is never held while calling the consumer.
 */
final class LaneFetcher {
    private final DefaultListenerContainer container;
    private final AsyncKafkaConsumer<byte[], byte[]> consumer;
    private final Duration fetchWait;
    private final int laneCapacity;
    private final ScheduledExecutorService timer;
    private final Executor callbacks;

    // Guarded by the container.
    private boolean keepAliveOutstanding;

    /**
     * @param callbacks where continuations of futures completing on the consumer's I/O loop run
     */
    LaneFetcher(
            DefaultListenerContainer container,
            AsyncKafkaConsumer<byte[], byte[]> consumer,
            Duration fetchWait,
            int laneCapacity,
            ScheduledExecutorService timer,
            Executor callbacks) {
        this.container = container;
        this.consumer = consumer;
        this.fetchWait = fetchWait;
        this.laneCapacity = laneCapacity;
        this.timer = timer;
        this.callbacks = callbacks;
    }

    /**
     * Issues getMany calls for the lanes that have room and none outstanding (any thread, never
     * under the lock). Lanes with at least half their capacity free share one call asking for no
     * more than the smallest room among them; a lane with less room gets a call of its own, so a
     * nearly full lane never shrinks the others' fetches. While paused, one call over every lane
     * asks for one record: the consumer hands out nothing for paused partitions, the call only
     * keeps the member in its group (a record it returns anyway does not fit a full lane and is
     * sought back, see {@link PartitionLane#add}).
     */
    void maybeFetch() {
        List<Map<TopicPartition, PartitionLane>> calls = new ArrayList<>();
        List<Integer> maxes = new ArrayList<>();
        boolean keepAlive = false;
        synchronized (container) {
            if (!container.fetchable(consumer) || keepAliveOutstanding) {
                return;
            }
            Map<TopicPartition, PartitionLane> wide = new LinkedHashMap<>();
            int wideMax = Integer.MAX_VALUE;
            int threshold = Math.max(1, laneCapacity / 2);
            boolean paused = container.isPaused();
            boolean anyOutstanding = false;
            for (PartitionLane lane : container.lanes()) {
                anyOutstanding |= lane.fetching;
                if (lane.fetching || lane.draining || lane.rewinding) {
                    continue;
                }
                int room = lane.room();
                if (paused) {
                    wide.put(lane.partition, lane);
                    wideMax = 1;
                } else if (room >= threshold) {
                    wide.put(lane.partition, lane);
                    wideMax = Math.min(wideMax, room);
                } else if (room > 0) {
                    calls.add(Map.of(lane.partition, lane));
                    maxes.add(room);
                }
            }
            if (!wide.isEmpty()) {
                calls.add(wide);
                maxes.add(wideMax);
            }
            if (calls.isEmpty()) {
                if (!container.lanes().isEmpty() || anyOutstanding) {
                    return;
                }
                // No partitions: a getMany over the whole (empty) assignment keeps the member in the group
                // (max.poll.interval.ms). Per-lane calls wait for it, so a partition assigned meanwhile
                // never has two calls outstanding.
                keepAlive = true;
                keepAliveOutstanding = true;
                calls.add(Map.of());
                maxes.add(laneCapacity);
            }
            for (Map<TopicPartition, PartitionLane> call : calls) {
                for (PartitionLane lane : call.values()) {
                    lane.fetching = true;
                }
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            Map<TopicPartition, PartitionLane> asked = calls.get(i);
            CompletableFuture<ConsumerRecords<byte[], byte[]>> f;
            try {
                f = keepAlive
                        ? consumer.getMany(fetchWait, maxes.get(i))
                        : consumer.getMany(Set.copyOf(asked.keySet()), fetchWait, maxes.get(i));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            boolean wasKeepAlive = keepAlive;
            // getMany completes on the consumer's executor, never on its I/O loop.
            f.whenComplete((records, e) -> fetched(asked, wasKeepAlive, records, e));
        }
    }

    private void fetched(
            Map<TopicPartition, PartitionLane> asked,
            boolean keepAlive,
            @Nullable ConsumerRecords<byte[], byte[]> records,
            @Nullable Throwable error) {
        List<Work> started = new ArrayList<>();
        Map<TopicPartition, Long> seeks = new HashMap<>();
        List<PartitionLane> overflowing = new ArrayList<>();
        boolean fatal = false;
        boolean notAssigned = false;
        List<CompletableFuture<Void>> idle = new ArrayList<>();
        synchronized (container) {
            if (!container.isCurrent(consumer)) {
                // A previous run's consumer (closed): nothing of it counts any more.
                return;
            }
            for (PartitionLane lane : asked.values()) {
                CompletableFuture<Void> f = lane.fetchDone();
                if (f != null) {
                    idle.add(f);
                }
            }
            if (error != null) {
                Throwable cause = RecordProcessor.unwrap(error);
                // A partition revoked between choosing it and the call is expected; anything else
                // (a failed partition, a closed consumer) is fatal unless we are stopping anyway.
                notAssigned = cause instanceof IllegalStateException;
                fatal = !notAssigned && container.fetchable(consumer);
            } else if (records != null) {
                for (TopicPartition tp : records.partitions()) {
                    PartitionLane lane = keepAlive ? container.lane(tp) : asked.get(tp);
                    if (lane == null && keepAlive) {
                        // Assigned, but our assignment callback has not run yet: give the records
                        // back so that the lane starts with them.
                        seeks.put(tp, records.records(tp).get(0).offset());
                        continue;
                    }
                    if (lane == null || container.lane(tp) != lane || lane.draining || lane.closed || lane.rewinding) {
                        // Revoked (or rewinding) meanwhile: the records were never processed, whoever
                        // owns the partition next resumes from the committed offset.
                        continue;
                    }
                    long rest = lane.add(records.records(tp));
                    if (rest >= 0) {
                        // More than the lane has room for (a paused partition whose pause had not
                        // applied yet): the rest is fetched again; no other fetch until then.
                        seeks.put(tp, rest);
                        lane.fetching = true;
                        overflowing.add(lane);
                    }
                    Work w = container.dispatch(lane);
                    if (w != null) {
                        started.add(w);
                    }
                }
            }
        }
        idle.forEach(f -> f.complete(null));
        if (fatal) {
            container.fail(consumer, RecordProcessor.unwrap(error));
            return;
        }
        container.startAll(started);
        if (keepAlive || !seeks.isEmpty()) {
            // Fetches wait until the records not taken are sought back. Seeks complete on the I/O loop.
            seekBack(seeks)
                    .whenCompleteAsync(
                            (v, e) -> {
                                List<CompletableFuture<Void>> nowIdle = new ArrayList<>();
                                synchronized (container) {
                                    if (keepAlive) {
                                        keepAliveOutstanding = false;
                                    }
                                    for (PartitionLane lane : overflowing) {
                                        CompletableFuture<Void> f = lane.fetchDone();
                                        if (f != null) {
                                            nowIdle.add(f);
                                        }
                                    }
                                }
                                nowIdle.forEach(f -> f.complete(null));
                                maybeFetch();
                            },
                            callbacks);
        } else if (notAssigned) {
            // Let the rebalance that caused it finish instead of spinning on it.
            timer.schedule(this::maybeFetch, 100, TimeUnit.MILLISECONDS);
        } else {
            maybeFetch();
        }
    }

    private CompletableFuture<Void> seekBack(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> seeks = new ArrayList<>();
        offsets.forEach((tp, offset) -> {
            try {
                seeks.add(consumer.seek(tp, offset).exceptionally(e -> null));
            } catch (IllegalStateException e) {
                // Revoked already: its position went with it.
            }
        });
        return CompletableFuture.allOf(seeks.toArray(CompletableFuture[]::new));
    }
}
