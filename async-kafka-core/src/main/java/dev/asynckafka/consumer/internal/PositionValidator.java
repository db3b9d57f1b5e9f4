package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.PartitionMetadata;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.message.OffsetForLeaderEpochRequest;
import dev.asynckafka.internal.protocol.message.OffsetForLeaderEpochResponse;
import dev.asynckafka.internal.util.Retry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks positions against the leader's log with OffsetForLeaderEpoch (KIP-320) before they are
 * fetched again: after the partition's leader changed, and after a seek to a committed offset that
 * carries a leader epoch. The leader answers where the position's epoch ends in its log; {@link
 * Fetcher#onEpochEnd} decides what that means. Partitions waiting for validation are not fetched.
 *
 * <p>Brokers without a consumer-usable OffsetForLeaderEpoch (v3+) are not asked: the position is
 * taken as valid, as before. Event loop only; part of the {@link Fetcher}.
 */
final class PositionValidator<K, V> {
    private static final Logger log = LoggerFactory.getLogger(PositionValidator.class);
    /** The replica id that marks a request as a consumer's (v3+). */
    private static final int CONSUMER_REPLICA_ID = -1;

    private final ClientContext context;
    private final SubscriptionState<K, V> subscriptions;
    private final Fetcher<K, V> fetcher;
    private boolean closed;

    PositionValidator(ClientContext context, SubscriptionState<K, V> subscriptions, Fetcher<K, V> fetcher) {
        this.context = context;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
    }

    /**
     * Sends OffsetForLeaderEpoch for every partition that waits for validation and is not already
     * being validated, one request per leader.
     *
     * @return whether a leader was unknown (the caller refreshes the metadata)
     */
    boolean maybeValidate(ClusterSnapshot snapshot, long now) {
        if (closed) {
            return false;
        }
        Map<Integer, Node> leaders = new HashMap<>();
        Map<Integer, List<PartitionState<K, V>>> byLeader = new LinkedHashMap<>();
        boolean needMetadata = false;
        for (PartitionState<K, V> ps : subscriptions.states()) {
            if (!ps.awaitingValidation
                    || ps.validationInFlight
                    || ps.fetchInFlight
                    || ps.error != null
                    || !ps.hasValidPosition()
                    || ps.retryNotBeforeNanos - now > 0) {
                continue;
            }
            Node leader = snapshot.leader(ps.partition);
            if (leader == null || snapshot.partition(ps.partition) == null) {
                needMetadata = true;
                ps.retryNotBeforeNanos = now + context.retryBackoff().delayNanos(++ps.metadataFailures);
                continue;
            }
            leaders.put(leader.id(), leader);
            byLeader.computeIfAbsent(leader.id(), id -> new ArrayList<>()).add(ps);
        }
        byLeader.forEach((id, states) -> send(leaders.get(id), states, snapshot));
        return needMetadata;
    }

    private void send(Node leader, List<PartitionState<K, V>> states, ClusterSnapshot snapshot) {
        Map<String, OffsetForLeaderEpochRequest.OffsetForLeaderTopic> topics = new LinkedHashMap<>();
        Map<TopicPartition, Integer> generations = new HashMap<>();
        for (PartitionState<K, V> ps : states) {
            TopicPartition tp = ps.partition;
            PartitionMetadata pm = snapshot.partition(tp);
            topics.computeIfAbsent(
                            tp.topic(),
                            t -> new OffsetForLeaderEpochRequest.OffsetForLeaderTopic()
                                    .setTopic(t)
                                    .setPartitions(new ArrayList<>()))
                    .partitions()
                    .add(new OffsetForLeaderEpochRequest.OffsetForLeaderPartition()
                            .setPartition(tp.partition())
                            .setCurrentLeaderEpoch(pm == null ? -1 : pm.leaderEpoch())
                            .setLeaderEpoch(ps.fetchEpoch));
            generations.put(tp, ps.generation);
            ps.validationInFlight = true;
        }
        // v3+ only (the replica id field): an older broker fails the encoding with an
        // UnsupportedVersionException, and the positions are taken as valid.
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest()
                .setReplicaId(CONSUMER_REPLICA_ID)
                .setTopics(new ArrayList<>(topics.values()));
        CompletableFuture<OffsetForLeaderEpochResponse> response;
        try {
            response = context.pool().send(leader, TrafficClass.CONTROL, request);
        } catch (KafkaException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((r, error) -> {
            if (closed) {
                return;
            }
            List<PartitionState<K, V>> current = new ArrayList<>();
            for (PartitionState<K, V> ps : states) {
                Integer generation = generations.get(ps.partition);
                if (subscriptions.state(ps.partition) == ps
                        && generation != null
                        && ps.generation == generation
                        && ps.validationInFlight) {
                    ps.validationInFlight = false;
                    current.add(ps);
                }
            }
            if (error != null) {
                onFailure(leader, current, Retry.unwrap(error));
            } else {
                onResponse(leader, current, r);
            }
            fetcher.maybeFetch();
        });
    }

    private void onFailure(Node leader, List<PartitionState<K, V>> states, Throwable error) {
        if (error instanceof UnsupportedVersionException) {
            log.debug("{} cannot validate positions with OffsetForLeaderEpoch: {}", leader, error.toString());
            states.forEach(ps -> ps.awaitingValidation = false);
            return;
        }
        log.debug("Validating positions of {} with {} failed: {}", partitions(states), leader, error.toString());
        states.forEach(this::retryLater);
        fetcher.refreshMetadata();
    }

    private void onResponse(Node leader, List<PartitionState<K, V>> states, OffsetForLeaderEpochResponse response) {
        Map<TopicPartition, OffsetForLeaderEpochResponse.EpochEndOffset> results = new HashMap<>();
        for (OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult t : response.topics()) {
            for (OffsetForLeaderEpochResponse.EpochEndOffset p : t.partitions()) {
                results.put(new TopicPartition(t.topic(), p.partition()), p);
            }
        }
        boolean refresh = false;
        for (PartitionState<K, V> ps : states) {
            OffsetForLeaderEpochResponse.EpochEndOffset result = results.get(ps.partition);
            if (result == null) {
                retryLater(ps);
                continue;
            }
            ErrorCode code = ErrorCode.forCode(result.errorCode());
            if (code == ErrorCode.NONE) {
                fetcher.onEpochEnd(ps, result.leaderEpoch(), result.endOffset(), "OffsetForLeaderEpoch to " + leader);
            } else if (code == ErrorCode.UNSUPPORTED_VERSION) {
                ps.awaitingValidation = false;
            } else {
                KafkaException e = code.exception("validating the position of " + ps.partition + " with " + leader);
                if (e.isRetriable()) {
                    // FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH / NOT_LEADER_OR_FOLLOWER: our
                    // metadata or the broker's is behind; refresh and ask again, never reset.
                    log.debug("Validating {} with {}: {}; refreshing metadata", ps.partition, leader, code);
                    retryLater(ps);
                    refresh = true;
                } else {
                    ps.error = e;
                    fetcher.failed(ps.partition);
                }
            }
        }
        if (refresh) {
            fetcher.refreshMetadata();
        }
    }

    private void retryLater(PartitionState<K, V> ps) {
        // One delay for both: a timer that fires before the partition's backoff ends would find
        // nothing to do.
        long delay = context.retryBackoff().delayNanos(++ps.metadataFailures);
        ps.retryNotBeforeNanos = context.nanoTime() + delay;
        fetcher.scheduleRetry(delay);
    }

    private static List<TopicPartition> partitions(List<? extends PartitionState<?, ?>> states) {
        List<TopicPartition> out = new ArrayList<>();
        states.forEach(ps -> out.add(ps.partition));
        return out;
    }

    void close() {
        closed = true;
    }
}
