package dev.asynckafka.internal.network;

import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;

/**
 * The API versions one broker announced in its ApiVersions response, and the choice, per API, of
 * the highest version both sides support. Immutable once built.
 */
public final class ApiVersionTable {
    private static final int SIZE = 128;

    private final short[] brokerMin = new short[SIZE];
    private final short[] brokerMax = new short[SIZE];
    private final String peer;
    /** Finalized feature levels (ApiVersions v3+), e.g. {@code transaction.version}; by name. */
    private final java.util.Map<String, Short> finalizedFeatures;

    ApiVersionTable(ApiVersionsResponse response, String peer) {
        this.peer = peer;
        java.util.Map<String, Short> features = new java.util.HashMap<>();
        for (ApiVersionsResponse.FinalizedFeatureKey f : response.finalizedFeatures()) {
            features.put(f.name(), f.maxVersionLevel());
        }
        this.finalizedFeatures = java.util.Map.copyOf(features);
        java.util.Arrays.fill(brokerMin, (short) -1);
        java.util.Arrays.fill(brokerMax, (short) -1);
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            int id = v.apiKey();
            if (id >= 0 && id < SIZE) {
                brokerMin[id] = v.minVersion();
                brokerMax[id] = v.maxVersion();
            }
        }
    }

    /**
     * The finalized level of a cluster feature as the broker announced it, or 0 when it announced
     * none (older brokers, or the feature is not enabled).
     */
    public short finalizedFeatureLevel(String feature) {
        return finalizedFeatures.getOrDefault(feature, (short) 0);
    }

    /** Whether the broker offers the API at all. */
    public boolean supports(ApiKey api) {
        return negotiate(api, Short.MAX_VALUE) >= 0;
    }

    /** Whether this client and the broker have a version of the API at or above {@code version} in common. */
    public boolean supportsVersion(ApiKey api, short version) {
        return negotiate(api, Short.MAX_VALUE) >= version;
    }

    /**
     * The version to use for a request: the highest that this client and the broker both support,
     * not above {@code maxVersion}.
     *
     * @throws UnsupportedVersionException naming both ranges when there is none
     */
    public short select(ApiKey api, short maxVersion) {
        short v = negotiate(api, maxVersion);
        if (v < 0) {
            int id = api.id();
            String broker = id < SIZE && brokerMax[id] >= 0
                    ? "versions " + brokerMin[id] + " to " + brokerMax[id]
                    : "no version";
            throw new UnsupportedVersionException(peer + " supports " + broker + " of " + api.displayName()
                    + ", this client supports " + api.oldestVersion() + " to "
                    + Math.min(maxVersion, api.latestVersion())
                    + ": no version in common");
        }
        return v;
    }

    private short negotiate(ApiKey api, short maxVersion) {
        int id = api.id();
        if (id >= SIZE || brokerMax[id] < 0) {
            return -1;
        }
        int high = Math.min(Math.min(api.latestVersion(), brokerMax[id]), maxVersion);
        int low = Math.max(api.oldestVersion(), brokerMin[id]);
        return high >= low ? (short) high : -1;
    }
}
