package dev.asynckafka.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.BootstrapServers;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged core as a named module: an application module compiles against its exported
 * packages only, and runs on the module path against a real broker; reaching into an internal
 * package does not compile.
 */
@dev.asynckafka.test.EmbeddedAsyncKafka(
        shared = true,
        topics = "module-path",
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class ModulePathIT {
    private static final String MODULE_INFO = """
            module app {
                requires dev.asynckafka.core;
            }
            """;

    private static final String MAIN = """
            package app;

            import dev.asynckafka.ClientOptions;
            import dev.asynckafka.common.TopicPartition;
            import dev.asynckafka.consumer.AsyncKafkaConsumer;
            import dev.asynckafka.consumer.AutoOffsetReset;
            import dev.asynckafka.consumer.ConsumerOptions;
            import dev.asynckafka.consumer.ConsumerRecords;
            import dev.asynckafka.producer.AsyncKafkaProducer;
            import dev.asynckafka.producer.ProducerOptions;
            import dev.asynckafka.producer.ProducerRecord;
            import dev.asynckafka.producer.RecordMetadata;
            import dev.asynckafka.serialization.Deserializers;
            import dev.asynckafka.serialization.Serializers;
            import java.time.Duration;
            import java.util.List;
            import java.util.concurrent.TimeUnit;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    run(args[0]);
                }

                static void run(String bootstrap) throws Exception {
                    ClientOptions client = ClientOptions.builder().bootstrapServers(bootstrap).build();
                    RecordMetadata written;
                    try (AsyncKafkaProducer<String, String> producer = AsyncKafkaProducer.create(
                            ProducerOptions.builder(client).build(), Serializers.string(), Serializers.string())) {
                        written = producer.send(new ProducerRecord<>("module-path", "k", "from a module"))
                                .get(60, TimeUnit.SECONDS);
                    }
                    try (AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                            ConsumerOptions.builder(client).autoOffsetReset(AutoOffsetReset.EARLIEST).build(),
                            Deserializers.string(),
                            Deserializers.string())) {
                        consumer.assign(List.of(new TopicPartition("module-path", written.partition())));
                        ConsumerRecords<String, String> records =
                                consumer.getMany(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
                        records.forEach(r -> System.out.println("read " + r.offset() + " " + r.value()));
                    }
                    System.out.println("module " + Main.class.getModule().getName()
                            + " read " + AsyncKafkaConsumer.class.getModule().getName());
                }
            }
            """;

    /** An entry point whose broker comes from the test kit, itself on the module path. */
    private static final String EMBEDDED = """
            package app;

            import dev.asynckafka.test.EmbeddedKafkaCluster;

            public final class Embedded {
                public static void main(String[] args) throws Exception {
                    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
                        kafka.createTopic("module-path", 1, (short) 1);
                        Main.run(kafka.bootstrapServers());
                    }
                }
            }
            """;

    private static final String MODULE_INFO_WITH_TEST_KIT = """
            module app {
                requires dev.asynckafka.core;
                requires dev.asynckafka.test;
            }
            """;

    private static final String INTERNAL_USE = """
            package app;

            public final class Reach {
                Object loop = dev.asynckafka.internal.util.Loops.class;
            }
            """;

    private static String modulePath() {
        String jar = System.getProperty("core.jar");
        String deps = System.getProperty("core.module.path");
        assertThat(jar).as("core.jar (set by the pom)").isNotBlank();
        assertThat(Path.of(jar)).exists();
        assertThat(deps).as("core.module.path (set by the pom)").isNotBlank();
        return jar + File.pathSeparator + deps;
    }

    private static Path write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** javac in this JVM, with an empty class path: by default it would take this JVM's, core classes and all. */
    private static int javac(List<String> args, ByteArrayOutputStream out) throws IOException {
        Path empty = Files.createTempDirectory("empty-class-path");
        List<String> all = new ArrayList<>(List.of("--class-path", empty.toString()));
        all.addAll(args);
        return ToolProvider.getSystemJavaCompiler().run(null, out, out, all.toArray(String[]::new));
    }

    /** Compiles the sources (file name to text) into {@code classes} against the module path. */
    private static void compile(Path dir, Path classes, String modulePath, Map<String, String> sources)
            throws IOException {
        List<String> args =
                new ArrayList<>(List.of("--release", "17", "--module-path", modulePath, "-d", classes.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            args.add(write(dir.resolve("src"), e.getKey(), e.getValue()).toString());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(javac(args, log)).as(log.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** Runs a JVM with this JVM's java and returns its output after checking it exited with 0. */
    private static String run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        full.add(ProcessHandle.current().info().command().orElse("java"));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(150, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void anApplicationModuleUsesTheExportedApiOnTheModulePath(@BootstrapServers String bootstrap, @TempDir Path dir)
            throws Exception {
        String modulePath = modulePath();
        Path classes = dir.resolve("classes");
        compile(dir, classes, modulePath, Map.of("module-info.java", MODULE_INFO, "app/Main.java", MAIN));
        String text = run(List.of(
                "--module-path", classes + File.pathSeparator + modulePath, "--module", "app/app.Main", bootstrap));
        assertThat(text).contains("read 0 from a module").contains("module app read dev.asynckafka.core");
    }

    @Test
    void theTestKitRunsABrokerForAnApplicationModule(@TempDir Path dir) throws Exception {
        Path kit = Path.of(dev.asynckafka.test.EmbeddedKafkaCluster.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(kit.toString())
                .as("the test kit as a jar (run by mvn verify)")
                .endsWith(".jar");
        String modulePath = kit + File.pathSeparator + modulePath();
        // The broker's own jars are not all valid modules: they stay on the class path, which the
        // test kit (an automatic module) reads.
        Set<String> onModulePath = Set.of(modulePath.split(File.pathSeparator));
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && !onModulePath.contains(e))
                .filter(e -> !e.contains("async-kafka-core") && !e.contains("surefire") && !e.contains("failsafe"))
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = dir.resolve("classes");
        compile(
                dir,
                classes,
                modulePath,
                Map.of(
                        "module-info.java",
                        MODULE_INFO_WITH_TEST_KIT,
                        "app/Main.java",
                        MAIN,
                        "app/Embedded.java",
                        EMBEDDED));
        String text = run(List.of(
                "-Xmx1g",
                "--module-path",
                classes + File.pathSeparator + modulePath,
                "--class-path",
                classPath,
                "--add-modules",
                "ALL-MODULE-PATH",
                "--module",
                "app/app.Embedded"));
        assertThat(text).contains("read 0 from a module").contains("module app read dev.asynckafka.core");
    }

    @Test
    void internalPackagesAreNotReachable(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "--module-path",
                modulePath(),
                "-d",
                dir.resolve("classes").toString()));
        args.add(write(src, "module-info.java", MODULE_INFO).toString());
        args.add(write(src, "app/Reach.java", INTERNAL_USE).toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(javac(args, log)).isNotZero();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("dev.asynckafka.internal.util")
                .contains("does not export");
    }
}
