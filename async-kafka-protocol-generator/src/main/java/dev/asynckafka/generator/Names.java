package dev.asynckafka.generator;

import java.util.Set;

/** Naming rules from spec names to Java names. */
final class Names {
    private static final Set<String> RESERVED = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield",
            "equals",
            "hashCode",
            "toString",
            "getClass",
            "notify",
            "notifyAll",
            "wait",
            "unknownTaggedFields",
            "read",
            "write",
            "clone",
            "finalize");

    private Names() {}

    /** {@code TopicId} becomes {@code topicId}; names that would clash with Java or our API are rejected. */
    static String lowerCamel(String specName) {
        String n = Character.toLowerCase(specName.charAt(0)) + specName.substring(1);
        if (RESERVED.contains(n)) {
            throw new IllegalArgumentException("field name '" + specName + "' clashes with a Java or API name");
        }
        return n;
    }

    /** {@code TopicId} becomes {@code setTopicId}. */
    static String setter(String specName) {
        return "set" + Character.toUpperCase(specName.charAt(0)) + specName.substring(1);
    }

    /** {@code ListOffsets} becomes {@code LIST_OFFSETS}. */
    static String upperSnake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char prev = camel.charAt(i - 1);
                if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
                    sb.append('_');
                }
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** A Java string literal for the text. */
    static String literal(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
