package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.FeatureMetadata;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ApiVersionsRequest;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ApiVersions to any broker, read for its feature flags; the single item is the operation name. */
public final class DescribeFeaturesHandler implements AdminHandler<String, FeatureMetadata> {
    /** Feature flags come with ApiVersions v3. */
    private static final short MIN_FEATURES_VERSION = 3;

    @Override
    public String name() {
        return "describeFeatures";
    }

    @Override
    public String describe(String key) {
        return "";
    }

    @Override
    public ApiKey api() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public Route route(String key) {
        return Route.ANY;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        if (version < MIN_FEATURES_VERSION) {
            throw new dev.asynckafka.errors.UnsupportedVersionException(
                    "The broker speaks ApiVersions v" + version + ", too old to report feature flags");
        }
        return new ApiVersionsRequest().setClientSoftwareName("async-kafka").setClientSoftwareVersion("admin");
    }

    @Override
    public void response(
            ApiMessage response, List<String> keys, short version, Outcomes<String, FeatureMetadata> outcomes) {
        ApiVersionsResponse r = (ApiVersionsResponse) response;
        String key = keys.get(0);
        if (!outcomes.check(key, r.errorCode(), null)) {
            return;
        }
        Map<String, FeatureMetadata.VersionRange> finalized = new LinkedHashMap<>();
        for (ApiVersionsResponse.FinalizedFeatureKey f : r.finalizedFeatures()) {
            finalized.put(f.name(), new FeatureMetadata.VersionRange(f.minVersionLevel(), f.maxVersionLevel()));
        }
        Map<String, FeatureMetadata.VersionRange> supported = new LinkedHashMap<>();
        for (ApiVersionsResponse.SupportedFeatureKey f : r.supportedFeatures()) {
            supported.put(f.name(), new FeatureMetadata.VersionRange(f.minVersion(), f.maxVersion()));
        }
        outcomes.succeed(key, new FeatureMetadata(finalized, r.finalizedFeaturesEpoch(), supported));
    }
}
