package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.TopicDescription;
import dev.asynckafka.admin.TopicPartitionInfo;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Metadata for named topics from any broker; an item is a topic name. */
public final class DescribeTopicsHandler implements AdminHandler<String, TopicDescription> {
    private final boolean awaitLeaders;
    private final Map<String, Integer> minPartitions;

    /**
     * @param awaitLeaders whether to retry until the topic exists and every partition has a leader
     *     (after creating it), rather than answer at once
     */
    public DescribeTopicsHandler(boolean awaitLeaders) {
        this(awaitLeaders, Map.of());
    }

    /**
     * @param minPartitions per topic, how many partitions to wait for (after adding partitions)
     */
    public DescribeTopicsHandler(boolean awaitLeaders, Map<String, Integer> minPartitions) {
        this.awaitLeaders = awaitLeaders;
        this.minPartitions = minPartitions;
    }

    @Override
    public String name() {
        return awaitLeaders ? "waiting for leaders of new topic" : "describing topic";
    }

    @Override
    public ApiKey api() {
        return ApiKey.METADATA;
    }

    @Override
    public Route route(String key) {
        return Route.ANY;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>();
        for (String t : keys) {
            list.add(new MetadataRequest.MetadataRequestTopic().setName(t));
        }
        return new MetadataRequest().setTopics(list).setAllowAutoTopicCreation(false);
    }

    @Override
    public void response(
            ApiMessage response, List<String> keys, short version, Outcomes<String, TopicDescription> outcomes) {
        MetadataResponse metadata = (MetadataResponse) response;
        Map<Integer, Node> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : metadata.brokers()) {
            brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Function<Integer, Node> node = id -> brokers.getOrDefault(id, new Node(id, "", -1, null));
        for (MetadataResponse.MetadataResponseTopic t : metadata.topics()) {
            String name = String.valueOf(t.name());
            if (!outcomes.check(name, t.errorCode(), null)) {
                continue;
            }
            List<TopicPartitionInfo> partitions = new ArrayList<>();
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                partitions.add(new TopicPartitionInfo(
                        p.partitionIndex(),
                        p.leaderId() < 0 ? null : node.apply(p.leaderId()),
                        p.leaderEpoch(),
                        p.replicaNodes().stream().map(node).toList(),
                        p.isrNodes().stream().map(node).toList(),
                        p.offlineReplicas().stream().map(node).toList()));
            }
            partitions.sort(Comparator.comparingInt(TopicPartitionInfo::partition));
            if (awaitLeaders
                    && (partitions.isEmpty()
                            || partitions.size() < minPartitions.getOrDefault(name, 0)
                            || partitions.stream().anyMatch(p -> p.leader() == null))) {
                // The controller accepts a topic before brokers know it: code that produces or
                // consumes right after creating would race it.
                outcomes.fail(name, ErrorCode.LEADER_NOT_AVAILABLE.exception(name() + " " + name));
                continue;
            }
            outcomes.succeed(name, new TopicDescription(name, t.topicId(), t.isInternal(), partitions));
        }
    }

    @Override
    public boolean retriable(KafkaException error) {
        // A topic just created may not be known to every broker yet.
        return awaitLeaders && error.isRetriable() || AdminHandler.super.retriable(error);
    }
}
