package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.LeaderNotAvailableException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.PartitionMetadata;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.message.ListOffsetsRequest;
import dev.asynckafka.internal.protocol.message.ListOffsetsResponse;
import dev.asynckafka.internal.util.Retry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * ListOffsets lookups: log start and end offsets, offsets for timestamps. Each partition is asked
 * of its leader; partitions whose leader is unknown or moved (retriable errors) are asked again
 * after a metadata refresh and {@code retry.backoff.ms}, until the time budget runs out. Event
 * loop only; futures complete on the loop.
 */
public final class OffsetLookup {
    /** The ListOffsets timestamp meaning "the log start offset". */
    static final long EARLIEST_TIMESTAMP = -2L;
    /** The ListOffsets timestamp meaning "the log end offset" (the last stable offset under read_committed). */
    static final long LATEST_TIMESTAMP = -1L;

    /**
     * One answer.
     *
     * @param offset the offset, or -1 when no record has a timestamp at or after the one asked
     * @param timestamp the record's timestamp (for timestamp lookups), or -1
     * @param leaderEpoch the leader epoch, or -1
     */
    public record Listed(long offset, long timestamp, int leaderEpoch) {}

    private final ClientContext context;

    OffsetLookup(ClientContext context) {
        this.context = context;
    }

    /** Looks up every partition's offset for its timestamp, retrying until {@code timeoutNanos}. */
    CompletableFuture<Map<TopicPartition, Listed>> list(
            Map<TopicPartition, Long> timestamps, IsolationLevel isolation, long timeoutNanos) {
        Map<TopicPartition, Listed> results = new HashMap<>();
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(timestamps);
        if (remaining.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        Set<String> topics = new java.util.HashSet<>();
        timestamps.keySet().forEach(tp -> topics.add(tp.topic()));
        return context.metadata()
                .addTopics(topics)
                .thenCompose(s -> Retry.withBackoff(
                        context.loop(),
                        context.retryBackoff(),
                        timeoutNanos,
                        "Listing offsets of " + timestamps.keySet(),
                        () -> attempt(remaining, results, isolation)))
                .thenApply(v -> results);
    }

    private CompletableFuture<Void> attempt(
            Map<TopicPartition, Long> remaining, Map<TopicPartition, Listed> results, IsolationLevel isolation) {
        ClusterSnapshot snapshot = context.metadata().snapshot();
        Map<Node, List<TopicPartition>> byLeader = new LinkedHashMap<>();
        boolean missingLeader = false;
        for (TopicPartition tp : remaining.keySet()) {
            Node leader = snapshot.leader(tp);
            if (leader == null) {
                missingLeader = true;
            } else {
                byLeader.computeIfAbsent(leader, n -> new ArrayList<>()).add(tp);
            }
        }
        List<CompletableFuture<@Nullable KafkaException>> sends = new ArrayList<>();
        for (Map.Entry<Node, List<TopicPartition>> e : byLeader.entrySet()) {
            sends.add(sendTo(e.getKey(), e.getValue(), remaining, results, isolation, snapshot));
        }
        boolean missing = missingLeader;
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            KafkaException retriable = missing
                    ? new LeaderNotAvailableException("No leader known for some of " + remaining.keySet())
                    : null;
            for (CompletableFuture<@Nullable KafkaException> f : sends) {
                KafkaException e = f.join();
                if (e != null && !e.isRetriable()) {
                    return CompletableFuture.failedFuture(e);
                }
                if (e != null) {
                    retriable = e;
                }
            }
            if (remaining.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (retriable == null) {
                retriable = new LeaderNotAvailableException("No answer yet for " + remaining.keySet());
            }
            KafkaException cause = retriable;
            return context.metadata()
                    .refresh()
                    .handle((s, e) -> null)
                    .thenCompose(x -> CompletableFuture.failedFuture(cause));
        });
    }

    /** Asks one leader; completes (never exceptionally) with the worst error seen, or null. */
    private CompletableFuture<@Nullable KafkaException> sendTo(
            Node leader,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> remaining,
            Map<TopicPartition, Listed> results,
            IsolationLevel isolation,
            ClusterSnapshot snapshot) {
        Map<String, ListOffsetsRequest.ListOffsetsTopic> topics = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionMetadata pm = snapshot.partition(tp);
            topics.computeIfAbsent(
                            tp.topic(),
                            n -> new ListOffsetsRequest.ListOffsetsTopic()
                                    .setName(n)
                                    .setPartitions(new ArrayList<>()))
                    .partitions()
                    .add(new ListOffsetsRequest.ListOffsetsPartition()
                            .setPartitionIndex(tp.partition())
                            .setCurrentLeaderEpoch(pm == null ? -1 : pm.leaderEpoch())
                            .setTimestamp(remaining.get(tp)));
        }
        ListOffsetsRequest request = new ListOffsetsRequest()
                .setReplicaId(-1)
                .setIsolationLevel(isolation.id())
                .setTimeoutMs((int) Math.min(
                        Integer.MAX_VALUE, context.options().requestTimeout().toMillis()))
                .setTopics(new ArrayList<>(topics.values()));
        CompletableFuture<ListOffsetsResponse> response;
        try {
            response = context.pool().send(leader, TrafficClass.CONTROL, request);
        } catch (KafkaException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.handle((r, error) -> {
            if (error != null) {
                Throwable cause = Retry.unwrap(error);
                return cause instanceof KafkaException ke
                        ? ke
                        : new KafkaException("ListOffsets to " + leader + " failed: " + cause, cause);
            }
            KafkaException worst = null;
            for (ListOffsetsResponse.ListOffsetsTopicResponse t : r.topics()) {
                for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                    if (!remaining.containsKey(tp)) {
                        continue;
                    }
                    ErrorCode code = ErrorCode.forCode(p.errorCode());
                    if (code == ErrorCode.NONE) {
                        remaining.remove(tp);
                        results.put(tp, new Listed(p.offset(), p.timestamp(), p.leaderEpoch()));
                    } else {
                        KafkaException e = code.exception("listing offsets of " + tp);
                        if (worst == null || (worst.isRetriable() && !e.isRetriable())) {
                            worst = e;
                        }
                    }
                }
            }
            return worst;
        });
    }
}
