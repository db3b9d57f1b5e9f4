package dev.asynckafka.generator;

import dev.asynckafka.generator.FieldType.Kind;

/**
 * A field resolved against its message: Java names and types, and the version ranges that decide its
 * encoding.
 */
final class FieldInfo {
    final FieldSpec spec;
    final String name;
    final String setter;
    final FieldType type;
    /** Versions of the message in which the field exists. */
    final Versions present;
    /** Present versions in which it may be null. */
    final Versions nullable;
    /** Present versions in which it is a tagged field (either none or all present versions). */
    final Versions tagged;
    /** Present versions in which it uses compact encodings. */
    final Versions flexible;
    /** Whether the Java field may hold null. */
    final boolean javaNullable;
    /** The message-qualified name used in error messages, e.g. {@code MetadataRequest.Topics}. */
    final String what;

    FieldInfo(FieldSpec spec, String ownerName, MessageSpec message) {
        this.spec = spec;
        this.name = Names.lowerCamel(spec.name());
        this.setter = Names.setter(spec.name());
        this.type = spec.type();
        Versions valid = message.validVersions();
        this.present = spec.versions().intersect(valid);
        this.nullable = spec.nullableVersions().intersect(present);
        this.tagged = spec.taggedVersions().intersect(present);
        if (!tagged.isEmpty() && !tagged.equals(present)) {
            throw new IllegalArgumentException(ownerName + "." + spec.name() + ": tagged in only some versions");
        }
        Versions flex = spec.flexibleVersions() != null ? spec.flexibleVersions() : message.flexibleVersions();
        this.flexible = flex.intersect(message.flexibleVersions()).intersect(present);
        if (!tagged.isEmpty() && !message.flexibleVersions().containsAll(tagged)) {
            throw new IllegalArgumentException(ownerName + "." + spec.name() + ": tagged outside flexible versions");
        }
        boolean nullDefault = "null".equals(spec.defaultValue());
        if (nullDefault && spec.nullableVersions().isEmpty()) {
            throw new IllegalArgumentException(ownerName + "." + spec.name() + ": null default but never nullable");
        }
        if (!spec.nullableVersions().isEmpty()
                && switch (type.kind()) {
                    case STRING, BYTES, RECORDS, STRUCT, ARRAY -> false;
                    default -> true;
                }) {
            throw new IllegalArgumentException(ownerName + "." + spec.name() + ": type " + type + " cannot be null");
        }
        this.javaNullable = !spec.nullableVersions().isEmpty() || type.kind() == Kind.RECORDS;
        this.what = ownerName + "." + spec.name();
    }

    /** Whether the field is written in the tagged section (in its present versions). */
    boolean isTagged() {
        return !tagged.isEmpty();
    }

    /** Whether the default is null. */
    boolean nullDefault() {
        return "null".equals(spec.defaultValue()) || type.kind() == Kind.RECORDS;
    }
}
