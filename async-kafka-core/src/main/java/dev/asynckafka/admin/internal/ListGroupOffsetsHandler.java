package dev.asynckafka.admin.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.OffsetFetchRequest;
import dev.asynckafka.internal.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OffsetFetch of every committed offset of groups, to each group's coordinator; an item is a group
 * id. From v8 several groups share a request.
 */
public final class ListGroupOffsetsHandler implements AdminHandler<String, Map<TopicPartition, OffsetAndMetadata>> {
    private static final short GROUPS_BATCHED = 8;
    /** v10 names topics by id. */
    private static final short MAX_VERSION = 9;

    @Override
    public String name() {
        return "listing committed offsets of group";
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Route route(String key) {
        return new Route.GroupCoordinator(key);
    }

    @Override
    public boolean batches(short version) {
        return version >= GROUPS_BATCHED;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        if (version < GROUPS_BATCHED) {
            return new OffsetFetchRequest().setGroupId(keys.get(0)).setTopics(null);
        }
        List<OffsetFetchRequest.OffsetFetchRequestGroup> groups = new ArrayList<>();
        for (String g : keys) {
            groups.add(new OffsetFetchRequest.OffsetFetchRequestGroup()
                    .setGroupId(g)
                    .setTopics(null));
        }
        return new OffsetFetchRequest().setGroups(groups);
    }

    @Override
    public void response(
            ApiMessage response,
            List<String> keys,
            short version,
            Outcomes<String, Map<TopicPartition, OffsetAndMetadata>> outcomes) {
        OffsetFetchResponse r = (OffsetFetchResponse) response;
        if (version < GROUPS_BATCHED) {
            String group = keys.get(0);
            if (!outcomes.check(group, r.errorCode(), null)) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : r.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    if (!outcomes.check(group, p.errorCode(), null)) {
                        return;
                    }
                    put(
                            offsets,
                            t.name(),
                            p.partitionIndex(),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.metadata());
                }
            }
            outcomes.succeed(group, Collections.unmodifiableMap(offsets));
            return;
        }
        groups:
        for (OffsetFetchResponse.OffsetFetchResponseGroup g : r.groups()) {
            if (!outcomes.check(g.groupId(), g.errorCode(), null)) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            for (OffsetFetchResponse.OffsetFetchResponseTopics t : g.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                    if (!outcomes.check(g.groupId(), p.errorCode(), null)) {
                        continue groups;
                    }
                    put(
                            offsets,
                            t.name(),
                            p.partitionIndex(),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.metadata());
                }
            }
            outcomes.succeed(g.groupId(), Collections.unmodifiableMap(offsets));
        }
    }

    private static void put(
            Map<TopicPartition, OffsetAndMetadata> offsets,
            String topic,
            int partition,
            long offset,
            int leaderEpoch,
            @org.jspecify.annotations.Nullable String metadata) {
        if (offset >= 0) {
            offsets.put(
                    new TopicPartition(topic, partition),
                    new OffsetAndMetadata(offset, leaderEpoch, metadata == null ? "" : metadata));
        }
    }
}
