package dev.asynckafka.generator;

import java.util.List;

/**
 * One parsed spec file.
 *
 * @param name the message name, e.g. {@code MetadataRequest}
 * @param type {@code request}, {@code response}, {@code header} or {@code data}
 * @param apiKey the API key, or -1 for headers and data
 * @param validVersions the versions of the message
 * @param flexibleVersions the versions using compact encodings and tagged fields
 * @param latestVersionUnstable whether the highest valid version is still unstable
 * @param listeners the listeners serving the API (requests only)
 * @param fields the top-level fields
 * @param commonStructs structs shared by several fields
 */
public record MessageSpec(
        String name,
        String type,
        int apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        boolean latestVersionUnstable,
        List<String> listeners,
        List<FieldSpec> fields,
        List<StructSpec> commonStructs) {

    /** The highest stable version: the highest valid one, minus one when the latest is unstable. */
    public short latestStableVersion() {
        return latestVersionUnstable ? (short) (validVersions.highest() - 1) : validVersions.highest();
    }

    /** The message as a struct (its top-level fields). */
    public StructSpec asStruct() {
        return new StructSpec(name, validVersions, fields);
    }
}
