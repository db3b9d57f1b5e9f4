package dev.asynckafka.generator;

import dev.asynckafka.generator.FieldType.Kind;
import java.util.ArrayList;
import java.util.List;

/** Generates one message or struct class: fields, constructor, accessors, serde and value methods. */
final class StructGenerator {
    private final CodeBuffer out;
    private final MessageSpec message;
    private final StructSpec struct;
    private final boolean topLevel;
    private final List<FieldInfo> fields = new ArrayList<>();
    private final boolean hasTaggedSection;

    StructGenerator(CodeBuffer out, MessageSpec message, StructSpec struct, boolean topLevel) {
        this.out = out;
        this.message = message;
        this.struct = struct;
        this.topLevel = topLevel;
        for (FieldSpec f : struct.fields()) {
            FieldInfo info = new FieldInfo(f, struct.name(), message);
            if (topLevel && info.name.equals("apiKey")) {
                throw new IllegalArgumentException(struct.name() + ": field ApiKey clashes with apiKey()");
            }
            fields.add(info);
        }
        this.hasTaggedSection =
                !message.flexibleVersions().intersect(message.validVersions()).isEmpty();
    }

    /** Emits the members of the class body (the caller writes the class declaration). */
    void generateMembers() {
        String name = struct.name();
        if (topLevel) {
            out.line("/** The lowest version of " + name + " this class reads and writes. */");
            out.line("public static final short LOWEST_SUPPORTED_VERSION = "
                    + message.validVersions().lowest() + ";");
            out.line("");
            out.line("/** The highest version of " + name + " this class reads and writes. */");
            out.line("public static final short HIGHEST_SUPPORTED_VERSION = "
                    + message.validVersions().highest() + ";");
            out.line("");
        }
        for (FieldInfo f : fields) {
            out.line("private " + JavaTypes.annotatedType(f) + " " + f.name + ";");
        }
        if (hasTaggedSection) {
            out.line("private @Nullable List<RawTaggedField> unknownTaggedFields;");
        }
        out.line("");
        out.line("/** Creates an instance holding the spec's default values. */");
        out.open("public " + name + "()");
        for (FieldInfo f : fields) {
            out.line("this." + f.name + " = " + JavaTypes.defaultValue(f) + ";");
        }
        out.close();
        if (topLevel && message.apiKey() >= 0) {
            out.line("");
            out.line("@Override");
            out.open("public ApiKey apiKey()");
            out.line("return ApiKey." + Names.upperSnake(ApiKeyGenerator.apiName(message)) + ";");
            out.close();
        }
        for (FieldInfo f : fields) {
            String type = JavaTypes.annotatedType(f);
            out.line("");
            out.line("/** The " + f.spec.name() + " field (" + f.spec.type() + ", versions " + f.spec.versions()
                    + "). */");
            out.open("public " + type + " " + f.name + "()");
            out.line("return " + f.name + ";");
            out.close();
            out.line("");
            out.line("/** Sets the " + f.spec.name() + " field; returns this. */");
            out.open("public " + name + " " + f.setter + "(" + type + " value)");
            out.line("this." + f.name + " = value;");
            out.line("return this;");
            out.close();
        }
        if (hasTaggedSection) {
            out.line("");
            out.line("/** Tagged fields this version of the client does not know, kept so that they round-trip. */");
            out.open("public List<RawTaggedField> unknownTaggedFields()");
            out.open("if (unknownTaggedFields == null)");
            out.line("unknownTaggedFields = new ArrayList<>(0);");
            out.close();
            out.line("return unknownTaggedFields;");
            out.close();
            out.line("");
            out.line("/** Replaces the unknown tagged fields (in ascending tag order); returns this. */");
            out.open("public " + name + " setUnknownTaggedFields(List<RawTaggedField> value)");
            out.line("this.unknownTaggedFields = value;");
            out.line("return this;");
            out.close();
        }
        SerdeGenerator serde = new SerdeGenerator(out, name, message, fields, topLevel);
        out.line("");
        out.line("/** Reads an instance in the given version; malformed input throws ProtocolDecodeException. */");
        serde.generateRead();
        out.line("");
        serde.generateSize();
        out.line("");
        serde.generateWrite();
        generateEquals();
        generateHashCode();
        generateToString();
    }

    private void generateEquals() {
        String name = struct.name();
        out.line("");
        out.line("@Override");
        out.open("public boolean equals(@Nullable Object obj)");
        out.open("if (this == obj)");
        out.line("return true;");
        out.close();
        out.open("if (!(obj instanceof " + name + " other))");
        out.line("return false;");
        out.close();
        for (FieldInfo f : fields) {
            String a = "this." + f.name;
            String b = "other." + f.name;
            String differs = switch (f.type.kind()) {
                case BOOL, INT8, INT16, INT32, INT64, UINT16, UINT32 -> a + " != " + b;
                case FLOAT64 -> "Double.compare(" + a + ", " + b + ") != 0";
                case BYTES -> "!Arrays.equals(" + a + ", " + b + ")";
                case RECORDS -> "!ProtocolCodec.recordsEqual(" + a + ", " + b + ")";
                default -> "!Objects.equals(" + a + ", " + b + ")";
            };
            out.open("if (" + differs + ")");
            out.line("return false;");
            out.close();
        }
        if (hasTaggedSection) {
            out.line("return ProtocolCodec.taggedFieldsEqual(this.unknownTaggedFields, other.unknownTaggedFields);");
        } else {
            out.line("return true;");
        }
        out.close();
    }

    private void generateHashCode() {
        out.line("");
        out.line("@Override");
        out.open("public int hashCode()");
        out.line("int h = 1;");
        for (FieldInfo f : fields) {
            String v = "this." + f.name;
            String hash = switch (f.type.kind()) {
                case BOOL -> "Boolean.hashCode(" + v + ")";
                case INT8 -> "Byte.hashCode(" + v + ")";
                case INT16 -> "Short.hashCode(" + v + ")";
                case INT32, UINT16 -> "Integer.hashCode(" + v + ")";
                case INT64, UINT32 -> "Long.hashCode(" + v + ")";
                case FLOAT64 -> "Double.hashCode(" + v + ")";
                case BYTES -> "Arrays.hashCode(" + v + ")";
                case RECORDS -> "ProtocolCodec.recordsHashCode(" + v + ")";
                default -> "Objects.hashCode(" + v + ")";
            };
            out.line("h = 31 * h + " + hash + ";");
        }
        if (hasTaggedSection) {
            out.line("h = 31 * h + ProtocolCodec.taggedFieldsHashCode(unknownTaggedFields);");
        }
        out.line("return h;");
        out.close();
    }

    private void generateToString() {
        out.line("");
        out.line("@Override");
        out.open("public String toString()");
        if (fields.isEmpty()) {
            out.line("return " + Names.literal(struct.name() + "()") + ";");
            out.close();
            return;
        }
        out.line("return " + Names.literal(struct.name() + "("));
        for (int i = 0; i < fields.size(); i++) {
            FieldInfo f = fields.get(i);
            String label = (i == 0 ? "" : ", ") + f.name + "=";
            String v = "this." + f.name;
            String value = switch (f.type.kind()) {
                case BYTES -> "ProtocolCodec.bytesToString(" + f.name + ")";
                case RECORDS -> "ProtocolCodec.recordsToString(" + f.name + ")";
                case STRING ->
                    f.javaNullable
                            ? "(" + f.name + " == null ? \"null\" : \"'\" + " + f.name + " + \"'\")"
                            : "\"'\" + " + f.name + " + \"'\"";
                default -> f.name;
            };
            out.line("        + " + Names.literal(label) + " + " + value);
        }
        out.line("        + \")\";");
        out.close();
    }

    /** Whether any field uses the kind (for imports). */
    static boolean uses(List<FieldSpec> fields, Kind kind) {
        for (FieldSpec f : fields) {
            FieldType t = f.type();
            if (t.kind() == kind || (t.kind() == Kind.ARRAY && t.element().kind() == kind)) {
                return true;
            }
        }
        return false;
    }
}
