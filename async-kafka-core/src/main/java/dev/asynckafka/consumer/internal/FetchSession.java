package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of an incremental fetch session with one broker (KIP-227).
 *
 * <p>The first request of a session is a full fetch (session id 0, epoch 0) listing every
 * partition; if the broker answers with a session id, later requests carry that id and the next
 * epoch, and list only partitions that are new or whose fetch parameters changed, plus the
 * partitions to forget. The broker keeps the rest. Any failure, or a FETCH_SESSION_ID_NOT_FOUND /
 * INVALID_FETCH_SESSION_EPOCH answer, drops the session: the next request is a full fetch again.
 * Event loop only; one request in flight at a time.
 */
final class FetchSession {
    static final int INITIAL_EPOCH = 0;

    /** What the broker's session holds for a partition, as this client last told it. */
    record Entry(Uuid topicId, long fetchOffset, int maxBytes, int leaderEpoch, int lastFetchedEpoch) {
        Entry(Uuid topicId, long fetchOffset, int maxBytes, int leaderEpoch) {
            this(topicId, fetchOffset, maxBytes, leaderEpoch, -1);
        }
    }

    final int nodeId;
    private int sessionId;
    private int epoch = INITIAL_EPOCH;
    private Map<TopicPartition, Entry> session = new LinkedHashMap<>();
    private Map<TopicPartition, Entry> pending = Map.of();
    private boolean pendingFull;
    boolean inFlight;

    FetchSession(int nodeId) {
        this.nodeId = nodeId;
    }

    int sessionId() {
        return sessionId;
    }

    int epoch() {
        return epoch;
    }

    /**
     * Fills the session fields, topics and forgotten topics of a request for exactly the wanted
     * partitions.
     */
    void build(FetchRequest request, Map<TopicPartition, Entry> wanted) {
        pendingFull = epoch == INITIAL_EPOCH;
        pending = new LinkedHashMap<>(wanted);
        Map<String, FetchRequest.FetchTopic> topics = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Entry> e : wanted.entrySet()) {
            Entry previous = pendingFull ? null : session.get(e.getKey());
            if (previous != null && previous.equals(e.getValue())) {
                continue;
            }
            TopicPartition tp = e.getKey();
            Entry entry = e.getValue();
            topics.computeIfAbsent(
                            tp.topic(),
                            name -> new FetchRequest.FetchTopic()
                                    .setTopic(name)
                                    .setTopicId(entry.topicId())
                                    .setPartitions(new ArrayList<>()))
                    .partitions()
                    .add(new FetchRequest.FetchPartition()
                            .setPartition(tp.partition())
                            .setCurrentLeaderEpoch(entry.leaderEpoch())
                            .setFetchOffset(entry.fetchOffset())
                            .setLastFetchedEpoch(entry.lastFetchedEpoch())
                            .setPartitionMaxBytes(entry.maxBytes()));
        }
        Map<String, FetchRequest.ForgottenTopic> forgotten = new HashMap<>();
        if (!pendingFull) {
            for (Map.Entry<TopicPartition, Entry> e : session.entrySet()) {
                if (!wanted.containsKey(e.getKey())) {
                    TopicPartition tp = e.getKey();
                    forgotten
                            .computeIfAbsent(
                                    tp.topic(),
                                    name -> new FetchRequest.ForgottenTopic()
                                            .setTopic(name)
                                            .setTopicId(e.getValue().topicId())
                                            .setPartitions(new ArrayList<>()))
                            .partitions()
                            .add(tp.partition());
                }
            }
        }
        request.setSessionId(sessionId)
                .setSessionEpoch(epoch)
                .setTopics(new ArrayList<>(topics.values()))
                .setForgottenTopicsData(new ArrayList<>(forgotten.values()));
    }

    /** Whether a request built now would carry nothing: an incremental fetch with no change. */
    static boolean isEmpty(FetchRequest request) {
        return request.topics().isEmpty() && request.forgottenTopicsData().isEmpty();
    }

    /** The response arrived without a top-level error: the session now holds what was sent. */
    void onResponse(int responseSessionId) {
        session = pending;
        pending = Map.of();
        if (pendingFull) {
            sessionId = responseSessionId;
            epoch = responseSessionId == 0 ? INITIAL_EPOCH : 1;
        } else {
            epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        }
    }

    /** Whether a top-level error means the session is gone and the next fetch must be full. */
    static boolean isSessionError(ErrorCode code) {
        return code == ErrorCode.FETCH_SESSION_ID_NOT_FOUND
                || code == ErrorCode.INVALID_FETCH_SESSION_EPOCH
                || code == ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR;
    }

    /** Forgets the session: the next request is a full fetch that opens a new one. */
    void reset() {
        sessionId = 0;
        epoch = INITIAL_EPOCH;
        session = new LinkedHashMap<>();
        pending = Map.of();
    }

    /** The partitions the broker's session holds. */
    List<TopicPartition> partitions() {
        return List.copyOf(session.keySet());
    }
}
