package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.GroupListing;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ListGroupsRequest;
import dev.asynckafka.internal.protocol.message.ListGroupsResponse;
import java.util.ArrayList;
import java.util.List;

/** ListGroups to each broker (each lists the groups it coordinates); an item is a broker id. */
public final class ListGroupsHandler implements AdminHandler<Integer, List<GroupListing>> {
    private static final short STATES_FILTER = 4;
    private static final short TYPES_FILTER = 5;

    private final List<String> states;
    private final List<String> types;

    public ListGroupsHandler(List<String> states, List<String> types) {
        this.states = states;
        this.types = types;
    }

    @Override
    public String name() {
        return "listing groups on broker";
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public Route route(Integer key) {
        return new Route.Broker(key);
    }

    @Override
    public ApiMessage request(List<Integer> keys, short version) {
        if (!states.isEmpty() && version < STATES_FILTER || !types.isEmpty() && version < TYPES_FILTER) {
            throw new UnsupportedVersionException("Broker " + keys.get(0) + " speaks ListGroups v" + version
                    + ", too old to filter groups by " + (types.isEmpty() ? "state" : "type"));
        }
        return new ListGroupsRequest().setStatesFilter(states).setTypesFilter(types);
    }

    @Override
    public void response(
            ApiMessage response, List<Integer> keys, short version, Outcomes<Integer, List<GroupListing>> outcomes) {
        ListGroupsResponse r = (ListGroupsResponse) response;
        Integer broker = keys.get(0);
        if (!outcomes.check(broker, r.errorCode(), null)) {
            return;
        }
        List<GroupListing> groups = new ArrayList<>();
        for (ListGroupsResponse.ListedGroup g : r.groups()) {
            groups.add(new GroupListing(
                    g.groupId(),
                    g.protocolType(),
                    g.groupState() == null ? "" : g.groupState(),
                    g.groupType() == null ? "" : g.groupType()));
        }
        outcomes.succeed(broker, List.copyOf(groups));
    }

    @Override
    public boolean batches(short version) {
        return false;
    }
}
