package dev.asynckafka.generator;

import java.util.List;

/**
 * One field of a message or struct spec. Descriptions ("about") and entity types are not kept.
 *
 * @param name the field name as the spec writes it, e.g. {@code TopicId}
 * @param type the field type
 * @param versions the versions in which the field exists
 * @param nullableVersions the versions in which it may be null
 * @param taggedVersions the versions in which it is a tagged field
 * @param tag the tag, or -1 for a field that is never tagged
 * @param defaultValue the spec's default as text, or {@code null} when the spec gives none
 * @param ignorable whether a non-default value may be dropped silently in versions lacking the field
 * @param flexibleVersions a field-level override of the message's flexible versions, or {@code null}
 * @param mapKey whether the field is a map key (informational)
 * @param fields the fields of an inline struct declaration, empty otherwise
 */
public record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions taggedVersions,
        int tag,
        String defaultValue,
        boolean ignorable,
        Versions flexibleVersions,
        boolean mapKey,
        List<FieldSpec> fields) {

    /** Whether the spec gives an explicit default. */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** Whether the field is tagged in at least one version. */
    public boolean isTagged() {
        return tag >= 0;
    }
}
