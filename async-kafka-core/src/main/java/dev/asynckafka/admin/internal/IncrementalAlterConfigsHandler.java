package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.AlterConfigOp;
import dev.asynckafka.admin.ConfigResource;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.IncrementalAlterConfigsRequest;
import dev.asynckafka.internal.protocol.message.IncrementalAlterConfigsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IncrementalAlterConfigs: a broker's own settings to that broker, topics and cluster-wide broker
 * defaults to any broker (which forwards to the controller). An item is a resource.
 */
public final class IncrementalAlterConfigsHandler implements AdminHandler<ConfigResource, Void> {
    private final Map<ConfigResource, List<AlterConfigOp>> changes;
    private final boolean validateOnly;

    public IncrementalAlterConfigsHandler(Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly) {
        this.changes = changes;
        this.validateOnly = validateOnly;
    }

    @Override
    public String name() {
        return "altering configs of";
    }

    @Override
    public ApiKey api() {
        return ApiKey.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public Route route(ConfigResource key) {
        return key.type() == ConfigResource.Type.TOPIC || key.name().isEmpty()
                ? Route.ANY
                : new Route.Broker(Integer.parseInt(key.name()));
    }

    @Override
    public ApiMessage request(List<ConfigResource> keys, short version) {
        List<IncrementalAlterConfigsRequest.AlterConfigsResource> list = new ArrayList<>();
        for (ConfigResource r : keys) {
            List<IncrementalAlterConfigsRequest.AlterableConfig> configs = new ArrayList<>();
            for (AlterConfigOp op : changes.get(r)) {
                configs.add(new IncrementalAlterConfigsRequest.AlterableConfig()
                        .setName(op.name())
                        .setConfigOperation(op.type().code())
                        .setValue(op.value()));
            }
            list.add(new IncrementalAlterConfigsRequest.AlterConfigsResource()
                    .setResourceType(r.type().code())
                    .setResourceName(r.name())
                    .setConfigs(configs));
        }
        return new IncrementalAlterConfigsRequest().setResources(list).setValidateOnly(validateOnly);
    }

    @Override
    public void response(
            ApiMessage response, List<ConfigResource> keys, short version, Outcomes<ConfigResource, Void> outcomes) {
        for (IncrementalAlterConfigsResponse.AlterConfigsResourceResponse r :
                ((IncrementalAlterConfigsResponse) response).responses()) {
            for (ConfigResource k : keys) {
                if (k.type().code() == r.resourceType() && k.name().equals(r.resourceName())) {
                    if (outcomes.check(k, r.errorCode(), r.errorMessage())) {
                        outcomes.succeed(k, null);
                    }
                }
            }
        }
    }
}
