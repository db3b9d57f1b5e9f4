package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ConfigEntry;
import dev.asynckafka.admin.ConfigResource;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DescribeConfigsRequest;
import dev.asynckafka.internal.protocol.message.DescribeConfigsResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * DescribeConfigs: broker resources to that broker (only it knows its dynamic and static
 * settings), topics to any broker. An item is a resource; its value the settings by name.
 */
public final class DescribeConfigsHandler implements AdminHandler<ConfigResource, Map<String, ConfigEntry>> {
    private final @Nullable List<String> names;

    /** @param names the settings to return, or {@code null} for all */
    public DescribeConfigsHandler(@Nullable List<String> names) {
        this.names = names;
    }

    @Override
    public String name() {
        return "describing configs of";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public Route route(ConfigResource key) {
        return key.type() == ConfigResource.Type.TOPIC || key.name().isEmpty()
                ? Route.ANY
                : new Route.Broker(Integer.parseInt(key.name()));
    }

    @Override
    public ApiMessage request(List<ConfigResource> keys, short version) {
        List<DescribeConfigsRequest.DescribeConfigsResource> list = new ArrayList<>();
        for (ConfigResource r : keys) {
            list.add(new DescribeConfigsRequest.DescribeConfigsResource()
                    .setResourceType(r.type().code())
                    .setResourceName(r.name())
                    .setConfigurationKeys(names == null ? null : new ArrayList<>(names)));
        }
        return new DescribeConfigsRequest().setResources(list).setIncludeSynonyms(false);
    }

    @Override
    public void response(
            ApiMessage response,
            List<ConfigResource> keys,
            short version,
            Outcomes<ConfigResource, Map<String, ConfigEntry>> outcomes) {
        for (DescribeConfigsResponse.DescribeConfigsResult r : ((DescribeConfigsResponse) response).results()) {
            ConfigResource key = null;
            for (ConfigResource k : keys) {
                if (k.type().code() == r.resourceType() && k.name().equals(r.resourceName())) {
                    key = k;
                }
            }
            if (key == null || !outcomes.check(key, r.errorCode(), r.errorMessage())) {
                continue;
            }
            Map<String, ConfigEntry> entries = new LinkedHashMap<>();
            for (DescribeConfigsResponse.DescribeConfigsResourceResult c : r.configs()) {
                entries.put(
                        c.name(),
                        new ConfigEntry(
                                c.name(),
                                c.value(),
                                ConfigEntry.Source.forCode(c.configSource()),
                                c.isSensitive(),
                                c.readOnly()));
            }
            outcomes.succeed(key, Collections.unmodifiableMap(entries));
        }
    }
}
