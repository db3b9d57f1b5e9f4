package dev.asynckafka.generator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Turns spec JSON into {@link MessageSpec}s. */
public final class SpecParser {
    private static final Set<String> MESSAGE_KEYS = Set.of(
            "apiKey",
            "type",
            "listeners",
            "name",
            "validVersions",
            "flexibleVersions",
            "latestVersionUnstable",
            "fields",
            "commonStructs",
            "deprecatedVersions");
    private static final Set<String> FIELD_KEYS = Set.of(
            "name",
            "type",
            "versions",
            "nullableVersions",
            "taggedVersions",
            "tag",
            "default",
            "ignorable",
            "flexibleVersions",
            "mapKey",
            "entityType",
            "about",
            "fields",
            "zeroCopy");

    private SpecParser() {}

    /** Reads and parses every {@code *.json} file of a directory, sorted by file name. */
    public static List<MessageSpec> parseDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        List<MessageSpec> specs = new ArrayList<>();
        for (Path file : files) {
            try {
                specs.add(parse(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    /** Parses the text of one spec file. */
    public static MessageSpec parse(String json) {
        Map<String, Object> root = object(Json.parse(json), "spec");
        checkKeys(root, MESSAGE_KEYS, "message");
        String name = string(root, "name", null);
        String type = string(root, "type", null);
        Versions valid = Versions.parse(string(root, "validVersions", null));
        Versions flexible = Versions.parse(string(root, "flexibleVersions", "none"));
        int apiKey = root.containsKey("apiKey") ? number(root.get("apiKey"), "apiKey") : -1;
        boolean unstable = bool(root, "latestVersionUnstable", false);
        List<String> listeners = new ArrayList<>();
        for (Object l : list(root, "listeners")) {
            listeners.add(str(l, "listener"));
        }
        List<FieldSpec> fields = fields(list(root, "fields"));
        List<StructSpec> common = new ArrayList<>();
        for (Object o : list(root, "commonStructs")) {
            Map<String, Object> s = object(o, "common struct");
            common.add(new StructSpec(
                    string(s, "name", null), Versions.parse(string(s, "versions", "0+")), fields(list(s, "fields"))));
        }
        return new MessageSpec(
                name, type, apiKey, valid, flexible, unstable, List.copyOf(listeners), fields, List.copyOf(common));
    }

    private static List<FieldSpec> fields(List<Object> raw) {
        List<FieldSpec> out = new ArrayList<>();
        for (Object o : raw) {
            out.add(field(object(o, "field")));
        }
        return List.copyOf(out);
    }

    private static FieldSpec field(Map<String, Object> f) {
        String name = string(f, "name", null);
        checkKeys(f, FIELD_KEYS, "field " + name);
        FieldType type = FieldType.parse(string(f, "type", null));
        Versions versions = Versions.parse(string(f, "versions", null));
        Versions nullable = Versions.parse(string(f, "nullableVersions", "none"));
        int tag = f.containsKey("tag") ? number(f.get("tag"), "tag") : -1;
        Versions tagged = Versions.parse(string(f, "taggedVersions", "none"));
        if ((tag >= 0) != !tagged.isEmpty()) {
            throw new IllegalArgumentException("field " + name + " needs both tag and taggedVersions");
        }
        String def = null;
        if (f.containsKey("default")) {
            Object d = f.get("default");
            if (d instanceof String s) {
                def = s;
            } else if (d instanceof BigDecimal n) {
                def = n.toPlainString();
            } else if (d instanceof Boolean b) {
                def = b.toString();
            } else {
                throw new IllegalArgumentException("bad default for field " + name);
            }
        }
        Versions flexOverride =
                f.containsKey("flexibleVersions") ? Versions.parse(string(f, "flexibleVersions", null)) : null;
        List<FieldSpec> nested = fields(list(f, "fields"));
        if (!nested.isEmpty() && !type.refersToStruct()) {
            throw new IllegalArgumentException("field " + name + " has nested fields but type " + type);
        }
        return new FieldSpec(
                name,
                type,
                versions,
                nullable,
                tagged,
                tag,
                def,
                bool(f, "ignorable", false),
                flexOverride,
                bool(f, "mapKey", false),
                nested);
    }

    private static void checkKeys(Map<String, Object> map, Set<String> allowed, String what) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown attribute '" + key + "' in " + what);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(what + " is not an object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> map, String key) {
        Object o = map.get(key);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("'" + key + "' is not an array");
        }
        return (List<Object>) o;
    }

    private static String string(Map<String, Object> map, String key, String fallback) {
        Object o = map.get(key);
        if (o == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return fallback;
        }
        return str(o, key);
    }

    private static String str(Object o, String what) {
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("'" + what + "' is not a string");
        }
        return s;
    }

    private static int number(Object o, String what) {
        if (o instanceof BigDecimal n) {
            return n.intValueExact();
        }
        if (o instanceof String s) {
            return Integer.decode(s);
        }
        throw new IllegalArgumentException("'" + what + "' is not a number");
    }

    private static boolean bool(Map<String, Object> map, String key, boolean fallback) {
        Object o = map.get(key);
        if (o == null) {
            return fallback;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("'" + key + "' is not a boolean");
    }
}
