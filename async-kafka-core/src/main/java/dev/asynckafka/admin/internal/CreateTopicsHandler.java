package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.CreateTopicsRequest;
import dev.asynckafka.internal.protocol.message.CreateTopicsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateTopics to the controller; an item is a topic name. */
public final class CreateTopicsHandler implements AdminHandler<String, Void> {
    private final Map<String, NewTopic> topics;
    private final boolean validateOnly;
    private final int timeoutMs;

    public CreateTopicsHandler(Map<String, NewTopic> topics, boolean validateOnly, int timeoutMs) {
        this.topics = topics;
        this.validateOnly = validateOnly;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return validateOnly ? "validating topic" : "creating topic";
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public Route route(String key) {
        return Route.CONTROLLER;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        List<CreateTopicsRequest.CreatableTopic> list = new ArrayList<>();
        for (String name : keys) {
            NewTopic t = topics.get(name);
            List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs()
                    .forEach((k, v) -> configs.add(new CreateTopicsRequest.CreatableTopicConfig()
                            .setName(k)
                            .setValue(v)));
            list.add(new CreateTopicsRequest.CreatableTopic()
                    .setName(name)
                    .setNumPartitions(t.partitions())
                    .setReplicationFactor(t.replicationFactor())
                    .setConfigs(configs));
        }
        return new CreateTopicsRequest().setTopics(list).setTimeoutMs(timeoutMs).setValidateOnly(validateOnly);
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, Void> outcomes) {
        for (CreateTopicsResponse.CreatableTopicResult r : ((CreateTopicsResponse) response).topics()) {
            if (outcomes.check(r.name(), r.errorCode(), r.errorMessage())) {
                outcomes.succeed(r.name(), null);
            }
        }
    }
}
