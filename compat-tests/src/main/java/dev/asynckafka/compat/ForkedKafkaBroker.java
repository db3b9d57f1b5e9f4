package dev.asynckafka.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node Apache Kafka KRaft cluster (combined broker and controller) of any release, run in
 * a child {@code java} process from a directory holding that release's jars, so that its classes
 * never meet the Kafka 4.1.2 classes on the test's class path.
 *
 * <p>Starting formats the storage with the release's own {@code StorageTool}, launches {@code
 * kafka.Kafka} behind {@link BrokerMain}'s watchdog and returns once the broker answers an
 * ApiVersions request on its client port. {@link #close()} stops the process and deletes its
 * files; the child also halts by itself when this JVM dies (its standard input closes).
 */
public final class ForkedKafkaBroker implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
    /** The SCRAM user (SHA-256 and SHA-512) of the SASL_PLAINTEXT listener. */
    public static final String SCRAM_USER = "compat";
    /** The password of {@link #SCRAM_USER}. */
    public static final String SCRAM_PASSWORD = "compat-secret";

    private static final String[] STORAGE_TOOLS = {"org.apache.kafka.tools.StorageTool", "kafka.tools.StorageTool"};

    private final String version;
    private final Path dir;
    private final int port;
    private final int saslPort;
    private final Process process;
    private final Thread shutdownHook;

    private ForkedKafkaBroker(String version, Path dir, int port, int saslPort, Process process) {
        this.version = version;
        this.dir = dir;
        this.port = port;
        this.saslPort = saslPort;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "stop-kafka-" + version);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats and starts a broker; blocks the calling (test) thread until it answers or fails.
     *
     * @param version the release name, for messages only
     * @param libDir a directory with the release's jars (kafka_2.13 and its runtime dependencies)
     * @param workDir where to create the broker's directory (configuration, data, log); under the
     *     build's target directory, so that a test JVM killed before cleaning up leaves nothing
     *     that {@code mvn clean} does not remove
     * @throws IllegalStateException naming the cause and the tail of the broker's log when the
     *     broker does not start within 180 s (a hang guard: on a 2-core machine under a load of 20
     *     a start took 45 s) or its process exits
     */
    public static ForkedKafkaBroker start(String version, Path libDir, Path workDir)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalArgumentException("no broker jars for Kafka " + version + " in " + libDir
                    + " (the compat-brokers module copies them there at generate-resources)");
        }
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "kafka-" + version + "-");
        int port;
        int saslPort;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0, 1, loopback());
                ServerSocket b = new ServerSocket(0, 1, loopback());
                ServerSocket c = new ServerSocket(0, 1, loopback())) {
            port = a.getLocalPort();
            saslPort = b.getLocalPort();
            controllerPort = c.getLocalPort();
        }
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(dir.resolve("data"), port, saslPort, controllerPort));
        Path log = dir.resolve("broker.log");
        String classPath = libDir.toAbsolutePath() + "/*";

        List<String> format = java(classPath);
        format.add(storageTool(libDir));
        format.addAll(List.of("format", "-t", clusterId(), "-c", config.toString()));
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            format.add("--add-scram");
            format.add(mechanism + "=[name=" + SCRAM_USER + ",password=" + SCRAM_PASSWORD + "]");
        }
        Process formatting = new ProcessBuilder(format)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
            formatting.destroyForcibly();
            throw failure("formatting the storage of Kafka " + version + " failed", log, dir);
        }

        List<String> run = java(classPath + java.io.File.pathSeparator + ownClassPath());
        run.add(BrokerMain.class.getName());
        run.add(config.toString());
        Process process = new ProcessBuilder(run)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ForkedKafkaBroker broker = new ForkedKafkaBroker(version, dir, port, saslPort, process);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!answers(port)) {
            if (!process.isAlive()) {
                broker.abort();
                throw failure("Kafka " + version + " exited with " + process.exitValue() + " while starting", log, dir);
            }
            if (System.nanoTime() > deadline) {
                broker.abort();
                throw failure("Kafka " + version + " did not answer on port " + port + " within 180 s", log, dir);
            }
            Thread.sleep(100);
        }
        return broker;
    }

    /** The release this broker runs. */
    public String version() {
        return version;
    }

    /** {@code 127.0.0.1:port} of the client listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * {@code 127.0.0.1:port} of the SASL_PLAINTEXT listener (SCRAM-SHA-256 and SCRAM-SHA-512 for
     * {@link #SCRAM_USER}).
     */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** The broker's combined stdout and stderr, for a failing test's report. */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /**
     * Kills the broker process (and anything it started) and deletes its data; the configuration
     * and {@link #logFile()} stay under the work directory for a failed run's post-mortem.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
        stop();
    }

    private void stop() {
        stop(true);
    }

    /** Stops a broker that failed to start, keeping its log for the failure message. */
    private void abort() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
        stop(false);
    }

    private synchronized void stop(boolean deleteData) {
        try {
            process.getOutputStream().close(); // the watchdog halts the broker
        } catch (IOException ignored) {
            // Already closed.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (deleteData) {
            deleteRecursively(dir.resolve("data"));
        }
    }

    private static String serverProperties(Path data, int port, int saslPort, int controllerPort) {
        String[] lines = {
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                    + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort,
            "inter.broker.listener.name=PLAINTEXT",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
            // SCRAM users are stored in the metadata log: the storage tool adds them at format time.
            "sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512",
            "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config="
                    + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                    + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "log.dirs=" + data.toAbsolutePath(),
            "num.partitions=1",
            "auto.create.topics.enable=false",
            // One node: internal topics with one replica, few partitions (they are created on first use).
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=3",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=3",
            "group.initial.rebalance.delay.ms=0",
            "log.flush.interval.messages=9223372036854775807",
        };
        return String.join("\n", lines) + "\n";
    }

    /** The release's StorageTool: it moved packages between releases, so look in the jars. */
    private static String storageTool(Path libDir) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(libDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith("kafka")) {
                    jars.add(url(p));
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), null)) {
            for (String name : STORAGE_TOOLS) {
                if (loader.findResource(name.replace('.', '/') + ".class") != null) {
                    return name;
                }
            }
        }
        throw new IllegalStateException("no StorageTool (" + String.join(", ", STORAGE_TOOLS) + ") in " + libDir);
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> java(String classPath) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick to start: a test broker holds little data and lives for a minute.
        command.addAll(List.of(
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel="
                        + System.getProperty("compat.brokerLogLevel", "warn").toLowerCase(Locale.ROOT),
                "-cp",
                classPath));
        return command;
    }

    /** Where {@link BrokerMain} was loaded from (a directory or jar holding only this launcher). */
    private static String ownClassPath() {
        try {
            return Paths.get(BrokerMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A random cluster id in Kafka's form: 16 bytes, URL-safe base64 without padding, not starting
     * with '-' (the storage tool's argument parser would take it for an option).
     */
    private static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b =
                    ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /**
     * Whether the broker answers an ApiVersions v0 request without error: a KRaft broker opens its
     * client listener to requests only once it is registered and unfenced.
     */
    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(loopback(), port), 1000);
            s.setSoTimeout(2000);
            byte[] clientId = "compat-probe".getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18); // ApiVersions
            out.writeShort(0);
            out.writeInt(1); // correlation id
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            int correlationId = in.readInt();
            short error = in.readShort();
            return size > 6 && correlationId == 1 && error == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static java.net.InetAddress loopback() {
        return java.net.InetAddress.getLoopbackAddress();
    }

    private static IllegalStateException failure(String what, Path log, Path dir) {
        String tail;
        try {
            List<String> lines = Files.readAllLines(log);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            tail = "(no log: " + e + ")";
        }
        deleteRecursively(dir.resolve("data"));
        return new IllegalStateException(what + "; end of its log (" + log + "):\n" + tail);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Temporary files: leaving some behind is harmless.
        }
    }
}
