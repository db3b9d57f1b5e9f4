package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.CommitFailedException;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.RebalanceInProgressException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.message.OffsetCommitRequest;
import dev.asynckafka.internal.protocol.message.OffsetCommitResponse;
import dev.asynckafka.internal.protocol.message.OffsetFetchRequest;
import dev.asynckafka.internal.protocol.message.OffsetFetchResponse;
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
 * OffsetCommit and OffsetFetch to the group coordinator, retried with backoff (after finding the
 * coordinator again where it moved) within {@code default.api.timeout.ms}. Commits that the group
 * rejects because the member's generation is gone fail with {@link CommitFailedException}. Event
 * loop only.
 */
final class OffsetClient {
    /** v10 addresses topics by id; names are enough up to v9. */
    private static final short OFFSET_COMMIT_MAX_VERSION = 9;
    /** v8 batches groups; one group needs v7 at most. */
    private static final short OFFSET_FETCH_MAX_VERSION = 7;

    private final ClientContext context;
    private final CoordinatorLink link;
    private final String groupId;
    private final long timeoutNanos;

    OffsetClient(ClientContext context, CoordinatorLink link, String groupId, long timeoutNanos) {
        this.context = context;
        this.link = link;
        this.groupId = groupId;
        this.timeoutNanos = timeoutNanos;
    }

    /** The member a commit is made for: generation -1 and empty member id for a consumer outside the group. */
    record Member(int generation, String memberId, @Nullable String instanceId) {}

    CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, Member member) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<TopicPartition, OffsetAndMetadata> remaining = new LinkedHashMap<>(offsets);
        return Retry.withBackoff(
                context.loop(),
                context.retryBackoff(),
                timeoutNanos,
                "Committing offsets of group " + groupId,
                e -> e.isRetriable() && !(e instanceof RebalanceInProgressException),
                () -> commitOnce(remaining, member));
    }

    private CompletableFuture<Void> commitOnce(Map<TopicPartition, OffsetAndMetadata> remaining, Member member) {
        Map<String, OffsetCommitRequest.OffsetCommitRequestTopic> topics = new LinkedHashMap<>();
        remaining.forEach((tp, om) -> topics.computeIfAbsent(
                        tp.topic(),
                        t -> new OffsetCommitRequest.OffsetCommitRequestTopic()
                                .setName(t)
                                .setPartitions(new ArrayList<>()))
                .partitions()
                .add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(tp.partition())
                        .setCommittedOffset(om.offset())
                        .setCommittedLeaderEpoch(om.leaderEpoch())
                        .setCommittedMetadata(om.metadata())));
        OffsetCommitRequest request = new OffsetCommitRequest()
                .setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(member.generation())
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.instanceId())
                .setTopics(new ArrayList<>(topics.values()));
        return link.<OffsetCommitResponse>send(request, OFFSET_COMMIT_MAX_VERSION)
                .thenCompose(r -> {
                    KafkaException failure = null;
                    for (OffsetCommitResponse.OffsetCommitResponseTopic t : r.topics()) {
                        for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                            ErrorCode code = ErrorCode.forCode(p.errorCode());
                            if (code == ErrorCode.NONE) {
                                remaining.remove(tp);
                                continue;
                            }
                            link.checkCoordinatorError(code);
                            KafkaException e = commitError(code, tp, member);
                            if (failure == null || (failure.isRetriable() && !e.isRetriable())) {
                                failure = e;
                            }
                        }
                    }
                    return failure == null
                            ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(failure);
                });
    }

    private KafkaException commitError(ErrorCode code, TopicPartition tp, Member member) {
        return switch (code) {
            case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, STALE_MEMBER_EPOCH ->
                new CommitFailedException(
                        "Commit of " + tp + " for group " + groupId + " failed: member "
                                + member.memberId() + " of generation " + member.generation()
                                + " is no longer part of the group (" + code.name()
                                + "); the group rebalanced and its partitions may belong to another member now",
                        code.exception("committing " + tp));
            case REBALANCE_IN_PROGRESS ->
                new RebalanceInProgressException("Commit of " + tp + " for group " + groupId
                        + " failed: the group is rebalancing; commit again once the member has rejoined");
            default -> code.exception("committing offset of " + tp + " for group " + groupId);
        };
    }

    /** Committed offsets of the partitions; partitions without one are absent. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return Retry.withBackoff(
                context.loop(),
                context.retryBackoff(),
                timeoutNanos,
                "Fetching committed offsets of group " + groupId,
                () -> fetchOnce(partitions));
    }

    private CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetchOnce(Set<TopicPartition> partitions) {
        Map<String, OffsetFetchRequest.OffsetFetchRequestTopic> topics = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            topics.computeIfAbsent(
                            tp.topic(),
                            t -> new OffsetFetchRequest.OffsetFetchRequestTopic()
                                    .setName(t)
                                    .setPartitionIndexes(new ArrayList<>()))
                    .partitionIndexes()
                    .add(tp.partition());
        }
        OffsetFetchRequest request = new OffsetFetchRequest()
                .setGroupId(groupId)
                .setTopics(new ArrayList<>(topics.values()))
                .setRequireStable(true);
        return link.<OffsetFetchResponse>send(request, OFFSET_FETCH_MAX_VERSION).thenCompose(r -> {
            ErrorCode top = ErrorCode.forCode(r.errorCode());
            if (top != ErrorCode.NONE) {
                link.checkCoordinatorError(top);
                return CompletableFuture.failedFuture(top.exception("fetching committed offsets of group " + groupId));
            }
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            List<KafkaException> errors = new ArrayList<>();
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : r.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                    ErrorCode code = ErrorCode.forCode(p.errorCode());
                    if (code != ErrorCode.NONE) {
                        errors.add(code.exception("fetching the committed offset of " + tp + " in group " + groupId));
                    } else if (p.committedOffset() >= 0) {
                        String metadata = p.metadata();
                        out.put(
                                tp,
                                new OffsetAndMetadata(
                                        p.committedOffset(),
                                        p.committedLeaderEpoch(),
                                        metadata == null ? "" : metadata));
                    }
                }
            }
            if (!errors.isEmpty()) {
                return CompletableFuture.failedFuture(errors.get(0));
            }
            return CompletableFuture.completedFuture(out);
        });
    }
}
