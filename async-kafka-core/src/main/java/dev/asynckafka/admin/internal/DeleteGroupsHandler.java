package dev.asynckafka.admin.internal;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DeleteGroupsRequest;
import dev.asynckafka.internal.protocol.message.DeleteGroupsResponse;
import java.util.ArrayList;
import java.util.List;

/** DeleteGroups to each group's coordinator; an item is a group id. */
public final class DeleteGroupsHandler implements AdminHandler<String, Void> {
    @Override
    public String name() {
        return "deleting group";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_GROUPS;
    }

    @Override
    public Route route(String key) {
        return new Route.GroupCoordinator(key);
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        return new DeleteGroupsRequest().setGroupsNames(new ArrayList<>(keys));
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, Void> outcomes) {
        for (DeleteGroupsResponse.DeletableGroupResult r : ((DeleteGroupsResponse) response).results()) {
            if (outcomes.check(r.groupId(), r.errorCode(), null)) {
                outcomes.succeed(r.groupId(), null);
            }
        }
    }
}
