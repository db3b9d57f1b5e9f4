package dev.asynckafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's API boundary, read from its compiled module descriptor and classes: public classes
 * live in exported packages or under {@code internal}, exported packages are not internal, and no
 * public signature of an exported class names a type users cannot reach.
 */
class ApiBoundaryTest {
    /**
     * Non-exported, non-internal packages that hold public classes on purpose, with the reason.
     * Empty today: add an entry only with a reason users can read.
     */
    private static final Set<String> DELIBERATE = Set.of();

    /** Packages of other modules that exported signatures may name. */
    private static final List<String> FOREIGN_ALLOWED = List.of("java.", "javax.", "org.jspecify.");

    private static Path classes;
    private static ModuleDescriptor descriptor;
    private static List<Class<?>> publicClasses;

    @BeforeAll
    static void read() throws IOException, URISyntaxException, ClassNotFoundException {
        classes = Path.of(ClientOptions.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        // Compiled apart from the classes (see the pom), so that the tests run on the class path.
        Path descriptorFile = Path.of(System.getProperty("module.descriptor.dir", "target/module-descriptor"))
                .resolve("module-info.class");
        try (var in = Files.newInputStream(descriptorFile)) {
            descriptor = ModuleDescriptor.read(in);
        }
        publicClasses = new ArrayList<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("package-info"))
                    .sorted()
                    .toList();
        }
        for (String name : names) {
            Class<?> c = Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
            if (isVisible(c)) {
                publicClasses.add(c);
            }
        }
    }

    /** Public, and reachable: every enclosing class public too. */
    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> exported() {
        return descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theCheckSeesTheClassesAndFlagsALeak() {
        assertThat(publicClasses)
                .contains(
                        dev.asynckafka.consumer.AsyncKafkaConsumer.class,
                        dev.asynckafka.consumer.internal.ConsumerCore.class)
                .hasSizeGreaterThan(300);
        List<String> leaks = new ArrayList<>();
        check(dev.asynckafka.consumer.internal.ConsumerCore.class, "probe", exported(), leaks);
        check(io.netty.buffer.ByteBuf.class, "probe", exported(), leaks);
        check(String.class, "probe", exported(), leaks);
        assertThat(leaks).hasSize(2);
    }

    @Test
    void theCoreIsANamedModuleExportingOnlyApiPackages() {
        assertThat(descriptor.name()).isEqualTo("dev.asynckafka.core");
        assertThat(exported())
                .containsExactlyInAnyOrder(
                        "dev.asynckafka",
                        "dev.asynckafka.admin",
                        "dev.asynckafka.common",
                        "dev.asynckafka.consumer",
                        "dev.asynckafka.errors",
                        "dev.asynckafka.producer",
                        "dev.asynckafka.record",
                        "dev.asynckafka.security",
                        "dev.asynckafka.serialization");
        assertThat(descriptor.opens()).as("nothing is open to reflection").isEmpty();
    }

    @Test
    void everyPublicClassIsInAnExportedOrInternalPackage() {
        Set<String> exported = exported();
        List<String> stray = publicClasses.stream()
                .filter(c -> !exported.contains(c.getPackageName()))
                .filter(c -> !isInternal(c.getPackageName()))
                .filter(c -> !DELIBERATE.contains(c.getPackageName()))
                .map(Class::getName)
                .toList();
        assertThat(stray)
                .as("public classes in packages neither exported nor internal (move them, or list the"
                        + " package in DELIBERATE with a reason)")
                .isEmpty();
        assertThat(exported).noneMatch(ApiBoundaryTest::isInternal);
    }

    @Test
    void exportedSignaturesNameOnlyReachableTypes() {
        Set<String> exported = exported();
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicClasses) {
            if (!exported.contains(c.getPackageName())) {
                continue;
            }
            check(c.getGenericSuperclass(), c + " extends", exported, leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(t, c + " implements", exported, leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (isApi(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    check(m.getGenericReturnType(), m.toString(), exported, leaks);
                    checkParameters(m, exported, leaks);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (isApi(k.getModifiers()) && !k.isSynthetic()) {
                    checkParameters(k, exported, leaks);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (isApi(f.getModifiers()) && !f.isSynthetic()) {
                    check(f.getGenericType(), f.toString(), exported, leaks);
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    check(rc.getGenericType(), c.getName() + "." + rc.getName(), exported, leaks);
                }
            }
        }
        assertThat(leaks)
                .as("public signatures naming types users cannot reach")
                .isEmpty();
    }

    private static boolean isApi(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkParameters(Executable e, Set<String> exported, List<String> leaks) {
        for (Type t : e.getGenericParameterTypes()) {
            check(t, e.toString(), exported, leaks);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            check(t, e.toString(), exported, leaks);
        }
    }

    private static void check(Type type, String where, Set<String> exported, List<String> leaks) {
        check(type, where, exported, leaks, new HashSet<>());
    }

    private static void check(
            Type type, String where, Set<String> exported, List<String> leaks, Set<TypeVariable<?>> seen) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive()) {
                return;
            }
            String pkg = c.getPackageName();
            boolean reachable = exported.contains(pkg) && isVisible(c)
                    || FOREIGN_ALLOWED.stream().anyMatch(pkg::startsWith);
            if (!reachable) {
                leaks.add(where + " -> " + c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(p.getRawType(), where, exported, leaks, seen);
            for (Type a : p.getActualTypeArguments()) {
                check(a, where, exported, leaks, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, exported, leaks, seen);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(b, where, exported, leaks, seen);
            }
            for (Type b : w.getLowerBounds()) {
                check(b, where, exported, leaks, seen);
            }
        } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
            for (Type b : v.getBounds()) {
                check(b, where, exported, leaks, seen);
            }
        }
    }

    private static boolean isInternal(String pkg) {
        return pkg.contains(".internal.") || pkg.endsWith(".internal");
    }
}
