package dev.asynckafka.generator;

import dev.asynckafka.generator.FieldType.Kind;
import java.util.Comparator;
import java.util.List;

/** Generates the {@code read}, {@code size} and {@code write} methods of one struct class. */
final class SerdeGenerator {
    private final CodeBuffer out;
    private final String className;
    private final String messageName;
    private final MessageSpec message;
    private final List<FieldInfo> fields;
    private final List<FieldInfo> taggedFields;
    private final boolean topLevel;
    private int counter;

    SerdeGenerator(CodeBuffer out, String className, MessageSpec message, List<FieldInfo> fields, boolean topLevel) {
        this.out = out;
        this.className = className;
        this.messageName = message.name();
        this.message = message;
        this.fields = fields;
        this.taggedFields = fields.stream()
                .filter(FieldInfo::isTagged)
                .sorted(Comparator.comparingInt(f -> f.spec.tag()))
                .toList();
        for (int i = 1; i < taggedFields.size(); i++) {
            if (taggedFields.get(i).spec.tag() == taggedFields.get(i - 1).spec.tag()) {
                throw new IllegalArgumentException(className + ": duplicate tag "
                        + taggedFields.get(i).spec.tag());
            }
        }
        this.topLevel = topLevel;
    }

    /** The versions in which this struct has a tagged-field section. */
    private Versions flexibleVersions() {
        return message.flexibleVersions().intersect(message.validVersions());
    }

    /** A condition on {@code version} that holds for the versions of {@code range} within {@code domain}. */
    static String cond(Versions range, Versions domain) {
        Versions r = range.intersect(domain);
        if (r.isEmpty()) {
            return "false";
        }
        if (r.containsAll(domain)) {
            return "true";
        }
        String lo = r.lowest() > domain.lowest() ? "version >= " + r.lowest() : null;
        String hi = r.highest() < domain.highest() ? "version <= " + r.highest() : null;
        if (lo != null && hi != null) {
            return lo + " && " + hi;
        }
        return lo != null ? lo : hi;
    }

    private String next(String base) {
        return base + (counter++);
    }

    private static String lit(String s) {
        return Names.literal(s);
    }

    // ------------------------------------------------------------------ read

    void generateRead() {
        counter = 0;
        out.open("public static " + className + " read(ByteBuf in, short version)");
        if (topLevel) {
            out.open("if (version < LOWEST_SUPPORTED_VERSION || version > HIGHEST_SUPPORTED_VERSION)");
            out.line("throw ProtocolCodec.unsupportedVersion(" + lit(className) + ", version);");
            out.close();
        }
        out.open("try");
        out.line(className + " m = new " + className + "();");
        Versions valid = message.validVersions();
        for (FieldInfo f : fields) {
            if (f.isTagged()) {
                continue;
            }
            String c = cond(f.present, valid);
            if (c.equals("false")) {
                continue;
            }
            if (!c.equals("true")) {
                out.open("if (" + c + ")");
            }
            readField(f, "m." + f.name);
            if (!c.equals("true")) {
                out.close();
            }
        }
        String flex = cond(flexibleVersions(), valid);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if (" + flex + ")");
            }
            readTaggedSection();
            if (!flex.equals("true")) {
                out.close();
            }
        }
        out.line("return m;");
        out.closeOpen("catch (IndexOutOfBoundsException e)");
        out.line("throw ProtocolCodec.truncated(" + lit(className) + ", version, e);");
        out.close();
        out.close();
    }

    private void readTaggedSection() {
        String count = next("numTagged");
        String i = next("t");
        out.line("int " + count + " = ProtocolCodec.readUnsignedVarint(in, " + lit(className + " tagged field count")
                + ");");
        out.open("for (int " + i + " = 0; " + i + " < " + count + "; " + i + "++)");
        out.line("int tag = ProtocolCodec.readUnsignedVarint(in, " + lit(className + " tag") + ");");
        out.line("int tagSize = ProtocolCodec.readTaggedFieldSize(in, " + lit(className + " tagged field size") + ");");
        boolean first = true;
        for (FieldInfo f : taggedFields) {
            String c = cond(f.tagged, message.validVersions());
            String test = "tag == " + f.spec.tag() + (c.equals("true") ? "" : " && " + c);
            if (first) {
                out.open("if (" + test + ")");
                first = false;
            } else {
                out.closeOpen("else if (" + test + ")");
            }
            out.line("int tagEnd = in.readerIndex() + tagSize;");
            readValue(f, "m." + f.name, true);
            out.line("ProtocolCodec.checkTaggedFieldEnd(in, tagEnd, " + lit(f.what) + ");");
        }
        if (first) {
            out.line(
                    "m.unknownTaggedFields = ProtocolCodec.readRawTaggedField(in, m.unknownTaggedFields, tag, tagSize);");
        } else {
            out.closeOpen("else");
            out.line(
                    "m.unknownTaggedFields = ProtocolCodec.readRawTaggedField(in, m.unknownTaggedFields, tag, tagSize);");
            out.close();
        }
        out.close();
    }

    /** Whether the field's encoding differs between compact and classic versions. */
    private static boolean flexSensitive(FieldInfo f) {
        return switch (f.type.kind()) {
            case STRING, BYTES, RECORDS, ARRAY -> true;
            default -> false;
        };
    }

    private void readField(FieldInfo f, String target) {
        String flex = flexSensitive(f) ? cond(f.flexible, f.present) : "false";
        if (flex.equals("true") || flex.equals("false")) {
            readValue(f, target, flex.equals("true"));
        } else {
            out.open("if (" + flex + ")");
            readValue(f, target, true);
            out.closeOpen("else");
            readValue(f, target, false);
            out.close();
        }
    }

    private void readValue(FieldInfo f, String target, boolean compact) {
        String nullCond = cond(f.nullable, f.present);
        Kind kind = f.type.kind();
        if (kind == Kind.ARRAY) {
            String n = next("n");
            out.line("int " + n + " = ProtocolCodec.read" + (compact ? "Compact" : "") + "ArrayLength(in, "
                    + lit(f.what) + ");");
            out.open("if (" + n + " < 0)");
            nullOrThrow(f, target, nullCond);
            out.closeOpen("else");
            String list = next("list");
            String i = next("i");
            out.line("ArrayList<" + JavaTypes.boxed(f.type.element()) + "> " + list + " = new ArrayList<>(" + n + ");");
            out.open("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++)");
            out.line(list + ".add(" + elementRead(f.type.element(), compact, f.what) + ");");
            out.close();
            out.line(target + " = " + list + ";");
            out.close();
        } else if (kind == Kind.STRUCT) {
            String read = f.type.structName() + ".read(in, version)";
            if (nullCond.equals("false")) {
                out.line(target + " = " + read + ";");
            } else {
                if (!nullCond.equals("true")) {
                    out.open("if (" + nullCond + ")");
                }
                out.open("if (in.readByte() < 0)");
                out.line(target + " = null;");
                out.closeOpen("else");
                out.line(target + " = " + read + ";");
                out.close();
                if (!nullCond.equals("true")) {
                    out.closeOpen("else");
                    out.line(target + " = " + read + ";");
                    out.close();
                }
            }
        } else if (kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.RECORDS) {
            if (nullCond.equals("false")) {
                out.line(target + " = " + scalarRead(kind, compact, false, f.what) + ";");
            } else {
                out.line(target + " = " + scalarRead(kind, compact, true, f.what) + ";");
                if (!nullCond.equals("true")) {
                    out.open("if (" + target + " == null && !(" + nullCond + "))");
                    out.line("throw ProtocolCodec.unexpectedNull(" + lit(f.what) + ");");
                    out.close();
                }
            }
        } else {
            out.line(target + " = " + scalarRead(kind, compact, false, f.what) + ";");
        }
    }

    private void nullOrThrow(FieldInfo f, String target, String nullCond) {
        if (nullCond.equals("false")) {
            out.line("throw ProtocolCodec.unexpectedNull(" + lit(f.what) + ");");
            return;
        }
        if (!nullCond.equals("true")) {
            out.open("if (!(" + nullCond + "))");
            out.line("throw ProtocolCodec.unexpectedNull(" + lit(f.what) + ");");
            out.close();
        }
        out.line(target + " = null;");
    }

    private static String elementRead(FieldType t, boolean compact, String what) {
        if (t.kind() == Kind.STRUCT) {
            return t.structName() + ".read(in, version)";
        }
        return scalarRead(t.kind(), compact, false, what);
    }

    private static String scalarRead(Kind kind, boolean compact, boolean nullable, String what) {
        String variant = (compact ? "Compact" : "") + (nullable ? "Nullable" : "");
        return switch (kind) {
            case BOOL -> "in.readBoolean()";
            case INT8 -> "in.readByte()";
            case INT16 -> "in.readShort()";
            case INT32 -> "in.readInt()";
            case INT64 -> "in.readLong()";
            case UINT16 -> "in.readUnsignedShort()";
            case UINT32 -> "in.readUnsignedInt()";
            case FLOAT64 -> "in.readDouble()";
            case UUID -> "ProtocolCodec.readUuid(in)";
            case STRING -> "ProtocolCodec.read" + variant + "String(in, " + lit(what) + ")";
            case BYTES -> "ProtocolCodec.read" + variant + "Bytes(in, " + lit(what) + ")";
            case RECORDS -> "ProtocolCodec.read" + variant + "Records(in, " + lit(what) + ")";
            default -> throw new IllegalArgumentException("not a scalar: " + kind);
        };
    }

    // ------------------------------------------------------------------ size

    void generateSize() {
        counter = 0;
        out.line("@Override");
        out.open("public int size(short version)");
        out.line("int size = 0;");
        Versions valid = message.validVersions();
        for (FieldInfo f : fields) {
            if (f.isTagged()) {
                continue;
            }
            String c = cond(f.present, valid);
            if (c.equals("false")) {
                continue;
            }
            if (!c.equals("true")) {
                out.open("if (" + c + ")");
            }
            branchFlex(f, compact -> sizeValue(f, "this." + f.name, compact, "size"));
            if (!c.equals("true")) {
                out.close();
            }
        }
        String flex = cond(flexibleVersions(), valid);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if (" + flex + ")");
            }
            out.line("int numTagged = ProtocolCodec.countRawTaggedFields(unknownTaggedFields);");
            out.line("size += ProtocolCodec.sizeOfRawTaggedFields(unknownTaggedFields);");
            for (FieldInfo f : taggedFields) {
                out.open("if (" + taggedWriteCond(f) + ")");
                out.line("numTagged++;");
                String s = next("tagged");
                out.line("int " + s + " = 0;");
                sizeValue(f, "this." + f.name, true, s);
                out.line("size += ProtocolCodec.sizeOfUnsignedVarint(" + f.spec.tag() + ") + "
                        + "ProtocolCodec.sizeOfUnsignedVarint(" + s + ") + " + s + ";");
                out.close();
            }
            out.line("size += ProtocolCodec.sizeOfUnsignedVarint(numTagged);");
            if (!flex.equals("true")) {
                out.close();
            }
        }
        out.line("return size;");
        out.close();
    }

    private String taggedWriteCond(FieldInfo f) {
        String c = cond(f.tagged, message.validVersions());
        String nd = JavaTypes.nonDefault(f, "this." + f.name);
        return c.equals("true") ? nd : c + " && " + nd;
    }

    private interface FlexBody {
        void emit(boolean compact);
    }

    private void branchFlex(FieldInfo f, FlexBody body) {
        String flex = flexSensitive(f) ? cond(f.flexible, f.present) : "false";
        if (flex.equals("true") || flex.equals("false")) {
            body.emit(flex.equals("true"));
        } else {
            out.open("if (" + flex + ")");
            body.emit(true);
            out.closeOpen("else");
            body.emit(false);
            out.close();
        }
    }

    private void sizeValue(FieldInfo f, String v, boolean compact, String sizeVar) {
        Kind kind = f.type.kind();
        String nullCond = cond(f.nullable, f.present);
        if (kind == Kind.ARRAY) {
            FieldType el = f.type.element();
            if (compact) {
                String len = f.javaNullable ? "(" + v + " == null ? -1 : " + v + ".size())" : v + ".size()";
                out.line(sizeVar + " += ProtocolCodec.sizeOfCompactArrayLength(" + len + ");");
            } else {
                out.line(sizeVar + " += 4;");
            }
            if (f.javaNullable) {
                out.open("if (" + v + " != null)");
            }
            if (el.isFixedSize()) {
                out.line(sizeVar + " += " + el.kind().fixedSize() + " * " + v + ".size();");
            } else {
                String e = next("e");
                out.open("for (" + JavaTypes.boxed(el) + " " + e + " : " + v + ")");
                out.line(sizeVar + " += " + elementSize(el, e, compact) + ";");
                out.close();
            }
            if (f.javaNullable) {
                out.close();
            }
        } else if (kind == Kind.STRUCT) {
            if (nullCond.equals("false")) {
                out.line(sizeVar + " += " + v + ".size(version);");
            } else {
                String marker = nullCond.equals("true") ? "1" : "(" + nullCond + " ? 1 : 0)";
                out.line(sizeVar + " += " + marker + ";");
                out.open("if (" + v + " != null)");
                out.line(sizeVar + " += " + v + ".size(version);");
                out.close();
            }
        } else if (kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.RECORDS) {
            String variant = (compact ? "Compact" : "") + (f.javaNullable ? "Nullable" : "");
            String name = kind == Kind.STRING ? "String" : kind == Kind.BYTES ? "Bytes" : "Records";
            out.line(sizeVar + " += ProtocolCodec.sizeOf" + variant + name + "(" + v + ");");
        } else {
            out.line(sizeVar + " += " + kind.fixedSize() + ";");
        }
    }

    private static String elementSize(FieldType t, String e, boolean compact) {
        return switch (t.kind()) {
            case STRUCT -> e + ".size(version)";
            case STRING -> "ProtocolCodec.sizeOf" + (compact ? "Compact" : "") + "String(" + e + ")";
            case BYTES -> "ProtocolCodec.sizeOf" + (compact ? "Compact" : "") + "Bytes(" + e + ")";
            default -> Integer.toString(t.kind().fixedSize());
        };
    }

    // ------------------------------------------------------------------ write

    void generateWrite() {
        counter = 0;
        out.line("@Override");
        out.open("public void write(ByteBuf out, short version)");
        if (topLevel) {
            out.open("if (version < LOWEST_SUPPORTED_VERSION || version > HIGHEST_SUPPORTED_VERSION)");
            out.line("throw ProtocolCodec.unsupportedVersion(" + lit(className) + ", version);");
            out.close();
        }
        Versions valid = message.validVersions();
        for (FieldInfo f : fields) {
            String c = cond(f.present, valid);
            if (!f.isTagged() && !c.equals("false")) {
                if (!c.equals("true")) {
                    out.open("if (" + c + ")");
                }
                writeNullCheck(f);
                branchFlex(f, compact -> writeValue(f, "this." + f.name, compact));
                if (!c.equals("true")) {
                    if (!f.spec.ignorable()) {
                        out.closeOpen("else if (" + JavaTypes.nonDefault(f, "this." + f.name) + ")");
                        throwUnsupported(f);
                    }
                    out.close();
                }
            } else if (!c.equals("true") && !f.spec.ignorable()) {
                String absent = c.equals("false") ? "" : "!(" + c + ") && ";
                out.open("if (" + absent + JavaTypes.nonDefault(f, "this." + f.name) + ")");
                throwUnsupported(f);
                out.close();
            }
        }
        String flex = cond(flexibleVersions(), valid);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if (" + flex + ")");
            }
            writeTaggedSection();
            if (!flex.equals("true")) {
                out.close();
            }
        }
        out.close();
    }

    private void throwUnsupported(FieldInfo f) {
        out.line("throw ProtocolCodec.unsupportedField(" + lit(messageName) + ", " + lit(f.what) + ", version);");
    }

    private void writeNullCheck(FieldInfo f) {
        if (!f.javaNullable) {
            return;
        }
        String nullCond = cond(f.nullable, f.present);
        if (nullCond.equals("true")) {
            return;
        }
        String test = "this." + f.name + " == null" + (nullCond.equals("false") ? "" : " && !(" + nullCond + ")");
        out.open("if (" + test + ")");
        out.line("throw ProtocolCodec.unsupportedNull(" + lit(messageName) + ", " + lit(f.what) + ", version);");
        out.close();
    }

    private void writeTaggedSection() {
        out.line("int numTagged = ProtocolCodec.countRawTaggedFields(unknownTaggedFields);");
        for (FieldInfo f : taggedFields) {
            out.open("if (" + taggedWriteCond(f) + ")");
            out.line("numTagged++;");
            out.close();
        }
        out.line("ProtocolCodec.writeUnsignedVarint(out, numTagged);");
        String raw = taggedFields.isEmpty() ? "0" : "rawIndex";
        if (!taggedFields.isEmpty()) {
            out.line("int rawIndex = 0;");
        }
        for (FieldInfo f : taggedFields) {
            out.open("if (" + taggedWriteCond(f) + ")");
            int tag = f.spec.tag();
            out.line("rawIndex = ProtocolCodec.writeRawTaggedFields(out, unknownTaggedFields, rawIndex, " + tag + ");");
            out.line("ProtocolCodec.writeUnsignedVarint(out, " + tag + ");");
            String s = next("tagged");
            out.line("int " + s + " = 0;");
            sizeValue(f, "this." + f.name, true, s);
            out.line("ProtocolCodec.writeUnsignedVarint(out, " + s + ");");
            writeValue(f, "this." + f.name, true);
            out.close();
        }
        out.line("ProtocolCodec.writeRawTaggedFields(out, unknownTaggedFields, " + raw + ", Integer.MAX_VALUE);");
    }

    private void writeValue(FieldInfo f, String v, boolean compact) {
        Kind kind = f.type.kind();
        String nullCond = cond(f.nullable, f.present);
        if (kind == Kind.ARRAY) {
            String prefix = "ProtocolCodec.write" + (compact ? "Compact" : "") + "ArrayLength(out, ";
            if (f.javaNullable) {
                out.open("if (" + v + " == null)");
                out.line(prefix + "-1);");
                out.closeOpen("else");
            }
            out.line(prefix + v + ".size());");
            FieldType el = f.type.element();
            String e = next("e");
            out.open("for (" + JavaTypes.boxed(el) + " " + e + " : " + v + ")");
            out.line(elementWrite(el, e, compact) + ";");
            out.close();
            if (f.javaNullable) {
                out.close();
            }
        } else if (kind == Kind.STRUCT) {
            if (nullCond.equals("false")) {
                out.line(v + ".write(out, version);");
            } else {
                if (!nullCond.equals("true")) {
                    out.open("if (" + nullCond + ")");
                }
                out.open("if (" + v + " == null)");
                out.line("out.writeByte(-1);");
                out.closeOpen("else");
                out.line("out.writeByte(1);");
                out.line(v + ".write(out, version);");
                out.close();
                if (!nullCond.equals("true")) {
                    out.closeOpen("else");
                    out.line(v + ".write(out, version);");
                    out.close();
                }
            }
        } else {
            out.line(scalarWrite(kind, v, compact, f.javaNullable) + ";");
        }
    }

    private static String elementWrite(FieldType t, String e, boolean compact) {
        if (t.kind() == Kind.STRUCT) {
            return e + ".write(out, version)";
        }
        return scalarWrite(t.kind(), e, compact, false);
    }

    private static String scalarWrite(Kind kind, String v, boolean compact, boolean nullable) {
        String variant = (compact ? "Compact" : "") + (nullable ? "Nullable" : "");
        return switch (kind) {
            case BOOL -> "out.writeBoolean(" + v + ")";
            case INT8 -> "out.writeByte(" + v + ")";
            case INT16 -> "out.writeShort(" + v + ")";
            case INT32 -> "out.writeInt(" + v + ")";
            case INT64 -> "out.writeLong(" + v + ")";
            case UINT16 -> "ProtocolCodec.writeUnsignedShort(out, " + v + ")";
            case UINT32 -> "ProtocolCodec.writeUnsignedInt(out, " + v + ")";
            case FLOAT64 -> "out.writeDouble(" + v + ")";
            case UUID -> "ProtocolCodec.writeUuid(out, " + v + ")";
            case STRING -> "ProtocolCodec.write" + variant + "String(out, " + v + ")";
            case BYTES -> "ProtocolCodec.write" + variant + "Bytes(out, " + v + ")";
            case RECORDS -> "ProtocolCodec.write" + variant + "Records(out, " + v + ")";
            default -> throw new IllegalArgumentException("not a scalar: " + kind);
        };
    }
}
