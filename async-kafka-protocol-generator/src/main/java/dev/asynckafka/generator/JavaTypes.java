package dev.asynckafka.generator;

import dev.asynckafka.generator.FieldType.Kind;

/** Java types, default values and literals for spec types. */
final class JavaTypes {
    private JavaTypes() {}

    /** The Java type of a field, without nullness annotation. */
    static String type(FieldType t) {
        return switch (t.kind()) {
            case BOOL -> "boolean";
            case INT8 -> "byte";
            case INT16 -> "short";
            case INT32, UINT16 -> "int";
            case INT64, UINT32 -> "long";
            case FLOAT64 -> "double";
            case UUID -> "Uuid";
            case STRING -> "String";
            case BYTES -> "byte[]";
            case RECORDS -> "ByteBuf";
            case STRUCT -> t.structName();
            case ARRAY -> "List<" + boxed(t.element()) + ">";
        };
    }

    /** The Java type of a field with its nullness annotation, e.g. {@code @Nullable String}. */
    static String annotatedType(FieldInfo f) {
        if (!f.javaNullable) {
            return type(f.type);
        }
        if (f.type.kind() == Kind.BYTES) {
            return "byte @Nullable []";
        }
        return "@Nullable " + type(f.type);
    }

    /** The boxed type of an array element. */
    static String boxed(FieldType t) {
        return switch (t.kind()) {
            case BOOL -> "Boolean";
            case INT8 -> "Byte";
            case INT16 -> "Short";
            case INT32, UINT16 -> "Integer";
            case INT64, UINT32 -> "Long";
            case FLOAT64 -> "Double";
            default -> type(t);
        };
    }

    /** Whether the Java type is a primitive. */
    static boolean isPrimitive(FieldType t) {
        return switch (t.kind()) {
            case BOOL, INT8, INT16, INT32, INT64, UINT16, UINT32, FLOAT64 -> true;
            default -> false;
        };
    }

    /** The Java expression of the field's default value, as set by the no-arg constructor. */
    static String defaultValue(FieldInfo f) {
        FieldType t = f.type;
        String d = f.spec.defaultValue();
        if (f.nullDefault()) {
            return "null";
        }
        switch (t.kind()) {
            case BOOL:
                if (d == null || d.equals("false")) {
                    return "false";
                }
                if (d.equals("true")) {
                    return "true";
                }
                throw bad(f);
            case INT8:
                return "(byte) " + integer(f, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return "(short) " + integer(f, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return Long.toString(integer(f, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT16:
                return Long.toString(integer(f, 0, 65535));
            case UINT32:
                return integer(f, 0, 0xffffffffL) + "L";
            case INT64:
                return integer(f, Long.MIN_VALUE, Long.MAX_VALUE) + "L";
            case FLOAT64:
                try {
                    return d == null ? "0.0" : Double.toString(Double.parseDouble(d));
                } catch (NumberFormatException e) {
                    throw bad(f);
                }
            case UUID:
                if (d != null && !d.isEmpty()) {
                    throw bad(f);
                }
                return "Uuid.ZERO";
            case STRING:
                return Names.literal(d == null ? "" : d);
            case BYTES:
                if (d != null && !d.isEmpty()) {
                    throw bad(f);
                }
                return "ProtocolCodec.EMPTY_BYTES";
            case ARRAY:
                if (d != null && !d.isEmpty()) {
                    throw bad(f);
                }
                return "new ArrayList<>(0)";
            case STRUCT:
                if (d != null && !d.isEmpty()) {
                    throw bad(f);
                }
                return "new " + t.structName() + "()";
            default:
                throw bad(f);
        }
    }

    private static long integer(FieldInfo f, long min, long max) {
        String d = f.spec.defaultValue();
        if (d == null) {
            return 0;
        }
        long v;
        try {
            v = d.startsWith("0x") || d.startsWith("-0x") ? Long.decode(d) : Long.parseLong(d);
        } catch (NumberFormatException e) {
            throw bad(f);
        }
        if (v < min || v > max) {
            throw bad(f);
        }
        return v;
    }

    private static IllegalArgumentException bad(FieldInfo f) {
        return new IllegalArgumentException(
                f.what + ": bad default '" + f.spec.defaultValue() + "' for type " + f.type);
    }

    /**
     * A Java expression that is true when the field differs from its default. Used to decide whether a
     * tagged field is written and whether a field absent from a version may be dropped.
     */
    static String nonDefault(FieldInfo f, String v) {
        FieldType t = f.type;
        String def = defaultValue(f);
        return switch (t.kind()) {
            case BOOL, INT8, INT16, INT32, INT64, UINT16, UINT32 -> v + " != " + def;
            case FLOAT64 -> "Double.compare(" + v + ", " + def + ") != 0";
            case UUID -> "!Uuid.ZERO.equals(" + v + ")";
            case STRING -> f.nullDefault() ? v + " != null" : "!" + def + ".equals(" + v + ")";
            case BYTES -> f.nullDefault() ? v + " != null" : "(" + v + " == null || " + v + ".length != 0)";
            case RECORDS -> v + " != null";
            case ARRAY -> f.nullDefault() ? v + " != null" : "(" + v + " == null || !" + v + ".isEmpty())";
            case STRUCT -> f.nullDefault() ? v + " != null" : "(" + v + " == null || !" + v + ".equals(" + def + "))";
        };
    }
}
