package dev.asynckafka.admin.internal;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.CreatePartitionsRequest;
import dev.asynckafka.internal.protocol.message.CreatePartitionsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreatePartitions to the controller; an item is a topic name, mapped to its new total count. */
public final class CreatePartitionsHandler implements AdminHandler<String, Void> {
    private final Map<String, Integer> totals;
    private final boolean validateOnly;
    private final int timeoutMs;

    public CreatePartitionsHandler(Map<String, Integer> totals, boolean validateOnly, int timeoutMs) {
        this.totals = totals;
        this.validateOnly = validateOnly;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return "creating partitions of topic";
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_PARTITIONS;
    }

    @Override
    public Route route(String key) {
        return Route.CONTROLLER;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        List<CreatePartitionsRequest.CreatePartitionsTopic> list = new ArrayList<>();
        for (String name : keys) {
            list.add(new CreatePartitionsRequest.CreatePartitionsTopic()
                    .setName(name)
                    .setCount(totals.get(name))
                    .setAssignments(null));
        }
        return new CreatePartitionsRequest()
                .setTopics(list)
                .setTimeoutMs(timeoutMs)
                .setValidateOnly(validateOnly);
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, Void> outcomes) {
        for (CreatePartitionsResponse.CreatePartitionsTopicResult r : ((CreatePartitionsResponse) response).results()) {
            if (outcomes.check(r.name(), r.errorCode(), r.errorMessage())) {
                outcomes.succeed(r.name(), null);
            }
        }
    }
}
