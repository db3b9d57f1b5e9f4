package dev.asynckafka.admin.internal;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DeleteTopicsRequest;
import dev.asynckafka.internal.protocol.message.DeleteTopicsResponse;
import java.util.ArrayList;
import java.util.List;

/** DeleteTopics by name to the controller; an item is a topic name. */
public final class DeleteTopicsHandler implements AdminHandler<String, Void> {
    /** v6 names topics in a different field; v5 is understood by every broker from 2.1. */
    private static final short MAX_VERSION = 5;

    private final int timeoutMs;

    public DeleteTopicsHandler(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return "deleting topic";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Route route(String key) {
        return Route.CONTROLLER;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        return new DeleteTopicsRequest().setTopicNames(new ArrayList<>(keys)).setTimeoutMs(timeoutMs);
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, Void> outcomes) {
        for (DeleteTopicsResponse.DeletableTopicResult r : ((DeleteTopicsResponse) response).responses()) {
            String name = String.valueOf(r.name());
            if (outcomes.check(name, r.errorCode(), r.errorMessage())) {
                outcomes.succeed(name, null);
            }
        }
    }
}
