package dev.asynckafka.internal.protocol;

import dev.asynckafka.generator.FieldSpec;
import dev.asynckafka.generator.MessageSpec;
import dev.asynckafka.generator.ProtocolGenerator;
import dev.asynckafka.generator.SpecParser;
import dev.asynckafka.generator.StructSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The Kafka message specs the build unpacked, parsed with the generator's own reader. */
final class Specs {
    static final List<MessageSpec> ALL;
    static final List<MessageSpec> GENERATED;

    static {
        String dir = System.getProperty("kafka.specs.dir");
        if (dir == null) {
            throw new IllegalStateException("system property kafka.specs.dir is not set");
        }
        try {
            ALL = SpecParser.parseDirectory(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GENERATED = ProtocolGenerator.selectSpecs(ALL);
    }

    private Specs() {}

    /** The generated class of a spec. */
    static Class<?> messageClass(MessageSpec spec) {
        try {
            return Class.forName("dev.asynckafka.internal.protocol.message." + spec.name());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no class generated for " + spec.name(), e);
        }
    }

    /** Every struct of a spec by name, inline and common. */
    static Map<String, StructSpec> structs(MessageSpec spec) {
        Map<String, StructSpec> map = new HashMap<>();
        for (StructSpec s : spec.commonStructs()) {
            map.put(s.name(), s);
            collect(s.fields(), map);
        }
        collect(spec.fields(), map);
        return map;
    }

    private static void collect(List<FieldSpec> fields, Map<String, StructSpec> map) {
        for (FieldSpec f : fields) {
            if (f.type().refersToStruct() && !f.fields().isEmpty()) {
                map.put(f.type().structNameDeep(), new StructSpec(f.type().structNameDeep(), f.versions(), f.fields()));
                collect(f.fields(), map);
            }
        }
    }

    /** (spec name, version) for every generated spec and every valid version. */
    static Stream<Arguments> everyVersion() {
        List<Arguments> args = new ArrayList<>();
        for (MessageSpec spec : GENERATED) {
            for (int v = spec.validVersions().lowest();
                    v <= spec.validVersions().highest();
                    v++) {
                args.add(Arguments.of(spec.name(), (short) v));
            }
        }
        return args.stream();
    }

    static MessageSpec byName(String name) {
        for (MessageSpec s : GENERATED) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no generated spec " + name);
    }
}
