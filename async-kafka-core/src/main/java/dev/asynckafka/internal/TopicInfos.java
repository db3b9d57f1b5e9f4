package dev.asynckafka.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.LeaderNotAvailableException;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.PartitionMetadata;
import dev.asynckafka.internal.cluster.TopicMetadata;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.util.Retry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Topic and partition descriptions for the clients' {@code partitionsFor} and {@code listTopics}. */
public final class TopicInfos {
    private TopicInfos() {}

    /**
     * A topic's partitions, from the client's metadata (fetched if the topic is not known yet),
     * retrying retriable errors and a topic without partitions yet for up to {@code timeoutNanos}.
     */
    public static CompletableFuture<List<PartitionInfo>> partitionsFor(
            ClientContext context, String topic, long timeoutNanos) {
        context.start();
        return Retry.withBackoff(
                        context.loop(),
                        context.retryBackoff(),
                        timeoutNanos,
                        "Metadata of topic " + topic,
                        () -> context.metadata().addTopics(List.of(topic)).thenCompose(s -> lookup(context, s, topic)))
                .thenApply(tm -> partitions(context.metadata().snapshot(), tm));
    }

    private static CompletableFuture<TopicMetadata> lookup(ClientContext context, ClusterSnapshot s, String topic) {
        TopicMetadata tm = s.topic(topic);
        if (tm != null && tm.error() == ErrorCode.NONE && !tm.partitions().isEmpty()) {
            return CompletableFuture.completedFuture(tm);
        }
        // Ask again next time rather than answering from this snapshot.
        CompletableFuture<ClusterSnapshot> refreshed = context.metadata().refresh();
        if (tm != null && tm.error() == ErrorCode.NONE) {
            return refreshed.thenCompose(x -> CompletableFuture.failedFuture(
                    new LeaderNotAvailableException("Topic " + topic + " has no partitions yet")));
        }
        ErrorCode error = tm == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : tm.error();
        return refreshed.thenCompose(x -> CompletableFuture.failedFuture(error.exception("Topic " + topic)));
    }

    private static List<PartitionInfo> partitions(ClusterSnapshot s, TopicMetadata tm) {
        List<PartitionInfo> result = new ArrayList<>(tm.partitions().size());
        for (PartitionMetadata p : tm.partitions()) {
            TopicPartition tp = p.partition();
            result.add(new PartitionInfo(
                    tp.topic(),
                    tp.partition(),
                    s.leader(tp),
                    nodes(s::broker, p.replicas()),
                    nodes(s::broker, p.isr())));
        }
        result.sort(Comparator.comparingInt(PartitionInfo::partition));
        return List.copyOf(result);
    }

    /**
     * Every topic the client may describe (internal ones left out) with its partitions, from one
     * Metadata request for all topics, retried within {@code timeoutNanos}.
     */
    public static CompletableFuture<Map<String, List<PartitionInfo>>> listTopics(
            ClientContext context, long timeoutNanos) {
        context.start();
        return Retry.withBackoff(
                context.loop(),
                context.retryBackoff(),
                timeoutNanos,
                "Metadata of all topics",
                () -> context.metadata()
                        .<MetadataResponse>sendToAnyBroker(
                                new MetadataRequest().setTopics(null).setAllowAutoTopicCreation(false))
                        .thenApply(TopicInfos::allTopics));
    }

    /**
     * A topic's partitions from a Metadata request for that topic alone, without adding it to the
     * topics the client keeps refreshing; retried (unknown topic and no leader included) within
     * {@code timeoutNanos}.
     */
    public static CompletableFuture<List<PartitionInfo>> describe(
            ClientContext context, String topic, long timeoutNanos) {
        context.start();
        return Retry.withBackoff(
                context.loop(),
                context.retryBackoff(),
                timeoutNanos,
                "Metadata of topic " + topic,
                () -> context.metadata()
                        .<MetadataResponse>sendToAnyBroker(new MetadataRequest()
                                .setTopics(List.of(new MetadataRequest.MetadataRequestTopic().setName(topic)))
                                .setAllowAutoTopicCreation(false))
                        .thenCompose(response -> {
                            for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
                                if (!topic.equals(t.name())) {
                                    continue;
                                }
                                ErrorCode code = ErrorCode.forCode(t.errorCode());
                                if (code != ErrorCode.NONE) {
                                    return CompletableFuture.failedFuture(code.exception("Topic " + topic));
                                }
                                List<PartitionInfo> partitions =
                                        allTopicsIncluding(response, true).get(topic);
                                if (partitions == null || partitions.isEmpty()) {
                                    return CompletableFuture.failedFuture(new LeaderNotAvailableException(
                                            "Topic " + topic + " has no partitions yet"));
                                }
                                return CompletableFuture.completedFuture(partitions);
                            }
                            return CompletableFuture.failedFuture(
                                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("Topic " + topic));
                        }));
    }

    private static Map<String, List<PartitionInfo>> allTopics(MetadataResponse response) {
        return allTopicsIncluding(response, false);
    }

    private static Map<String, List<PartitionInfo>> allTopicsIncluding(MetadataResponse response, boolean internal) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, List<PartitionInfo>> out = new TreeMap<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            String name = t.name();
            if (name == null || (t.isInternal() && !internal) || ErrorCode.forCode(t.errorCode()) != ErrorCode.NONE) {
                continue;
            }
            List<PartitionInfo> partitions = new ArrayList<>();
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                partitions.add(new PartitionInfo(
                        name,
                        p.partitionIndex(),
                        p.leaderId() < 0 ? null : brokers.get(p.leaderId()),
                        nodes(brokers::get, p.replicaNodes()),
                        nodes(brokers::get, p.isrNodes())));
            }
            partitions.sort(Comparator.comparingInt(PartitionInfo::partition));
            out.put(name, List.copyOf(partitions));
        }
        return out;
    }

    private static List<Node> nodes(java.util.function.IntFunction<Node> broker, List<Integer> ids) {
        List<Node> nodes = new ArrayList<>(ids.size());
        for (int id : ids) {
            Node n = broker.apply(id);
            if (n != null) {
                nodes.add(n);
            }
        }
        return List.copyOf(nodes);
    }
}
