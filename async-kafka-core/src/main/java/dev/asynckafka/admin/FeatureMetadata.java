package dev.asynckafka.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster's feature flags (KIP-584) as one broker reports them: which versions of each feature
 * the cluster has finalized (such as {@code metadata.version}, {@code kraft.version}, {@code
 * group.version}) and which versions that broker supports.
 *
 * @param finalizedFeatures per feature, the finalized version range in use across the cluster
 * @param finalizedFeaturesEpoch the epoch of the finalized features, or {@code -1} if unknown
 * @param supportedFeatures per feature, the versions the answering broker supports
 */
public record FeatureMetadata(
        Map<String, VersionRange> finalizedFeatures,
        long finalizedFeaturesEpoch,
        Map<String, VersionRange> supportedFeatures) {
    /**
     * A range of feature versions, both ends included.
     *
     * @param min the lowest version
     * @param max the highest version
     */
    public record VersionRange(short min, short max) {}

    public FeatureMetadata {
        finalizedFeatures = Collections.unmodifiableMap(new LinkedHashMap<>(finalizedFeatures));
        supportedFeatures = Collections.unmodifiableMap(new LinkedHashMap<>(supportedFeatures));
    }
}
