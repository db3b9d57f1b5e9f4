package dev.asynckafka.admin.internal;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One Metadata request to any broker read into one value: for the cluster-wide operations (list
 * topics, describe the cluster). Its single item is the operation's name.
 */
public final class MetadataHandler<V> implements AdminHandler<String, V> {
    private final String name;
    private final boolean allTopics;
    private final Function<MetadataResponse, V> read;

    /** @param allTopics whether to ask for every topic (else for none) */
    public MetadataHandler(String name, boolean allTopics, Function<MetadataResponse, V> read) {
        this.name = name;
        this.allTopics = allTopics;
        this.read = read;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe(String key) {
        return "";
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
        return new MetadataRequest().setTopics(allTopics ? null : List.of()).setAllowAutoTopicCreation(false);
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, V> outcomes) {
        @Nullable V value = read.apply((MetadataResponse) response);
        outcomes.succeed(keys.get(0), value);
    }
}
