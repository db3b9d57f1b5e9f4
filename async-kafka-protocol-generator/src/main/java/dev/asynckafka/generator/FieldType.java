package dev.asynckafka.generator;

/**
 * The type of a spec field: a primitive, a struct, or an array of either.
 *
 * @param kind what the type is
 * @param structName the struct's name for {@link Kind#STRUCT}, otherwise empty
 * @param element the element type for {@link Kind#ARRAY}, otherwise {@code null}
 */
public record FieldType(Kind kind, String structName, FieldType element) {
    /** The kinds of field type. */
    public enum Kind {
        BOOL("bool", 1),
        INT8("int8", 1),
        INT16("int16", 2),
        INT32("int32", 4),
        INT64("int64", 8),
        UINT16("uint16", 2),
        UINT32("uint32", 4),
        FLOAT64("float64", 8),
        UUID("uuid", 16),
        STRING("string", -1),
        BYTES("bytes", -1),
        RECORDS("records", -1),
        STRUCT("", -1),
        ARRAY("", -1);

        private final String specName;
        private final int fixedSize;

        Kind(String specName, int fixedSize) {
            this.specName = specName;
            this.fixedSize = fixedSize;
        }

        /** The encoded size in bytes, or -1 when it depends on the value. */
        public int fixedSize() {
            return fixedSize;
        }
    }

    /** Parses a spec type such as {@code int32}, {@code []string} or {@code []MetadataRequestTopic}. */
    public static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            FieldType element = parse(text.substring(2));
            if (element.kind == Kind.ARRAY || element.kind == Kind.RECORDS) {
                throw new IllegalArgumentException("unsupported array element type in '" + text + "'");
            }
            return new FieldType(Kind.ARRAY, "", element);
        }
        for (Kind kind : Kind.values()) {
            if (!kind.specName.isEmpty() && kind.specName.equals(text)) {
                return new FieldType(kind, "", null);
            }
        }
        if (text.isEmpty() || !Character.isUpperCase(text.charAt(0))) {
            throw new IllegalArgumentException("unknown field type '" + text + "'");
        }
        return new FieldType(Kind.STRUCT, text, null);
    }

    /** Whether this is a struct or an array of structs. */
    public boolean refersToStruct() {
        return kind == Kind.STRUCT || (kind == Kind.ARRAY && element.kind == Kind.STRUCT);
    }

    /** The struct name of a struct or array-of-struct type. */
    public String structNameDeep() {
        return kind == Kind.ARRAY ? element.structName : structName;
    }

    /** Whether this is a fixed-size primitive. */
    public boolean isFixedSize() {
        return kind.fixedSize > 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ARRAY -> "[]" + element;
            case STRUCT -> structName;
            default -> kind.specName;
        };
    }
}
