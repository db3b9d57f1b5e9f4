package dev.asynckafka.compat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One forked broker per Kafka release for the whole test JVM, started on first use and stopped
 * when the JVM exits, so that every compatibility test class shares it.
 *
 * <p>The releases come from the system property {@code compat.kafka.versions} (comma-separated),
 * their jars from {@code <compat.brokers.dir>/kafka-<version>/target/lib}, their files go under
 * {@code compat.work.dir}; the module's pom sets all three.
 */
public final class CompatBrokers {
    private static final Map<String, CompletableFuture<ForkedKafkaBroker>> STARTS = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CompatBrokers::closeAll, "stop-compat-brokers"));
    }

    private CompatBrokers() {}

    /** The releases to test against, in the order configured. */
    public static List<String> versions() {
        String property = System.getProperty("compat.kafka.versions", "");
        List<String> versions = Arrays.stream(property.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (versions.isEmpty()) {
            throw new IllegalStateException("system property compat.kafka.versions names no Kafka release");
        }
        return versions;
    }

    /**
     * The broker of {@code version}, blocking the calling test thread until it answers. The first
     * call starts every configured release at once, each in a thread of its own: most of a start
     * is waiting (JVM start-up, storage format, controller election), so they overlap well.
     *
     * @throws Exception the failure of that broker's start (the same for every caller)
     */
    public static ForkedKafkaBroker broker(String version) throws Exception {
        CompletableFuture<ForkedKafkaBroker> start;
        synchronized (CompatBrokers.class) {
            if (STARTS.isEmpty()) {
                versions().forEach(v -> STARTS.put(v, startAsync(v)));
            }
            start = STARTS.computeIfAbsent(version, CompatBrokers::startAsync);
        }
        try {
            return start.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static CompletableFuture<ForkedKafkaBroker> startAsync(String version) {
        CompletableFuture<ForkedKafkaBroker> future = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        Path dir = Paths.get(System.getProperty("compat.brokers.dir", "brokers"));
                        Path work = Paths.get(System.getProperty("compat.work.dir", "target/compat-brokers"));
                        long begin = System.nanoTime();
                        ForkedKafkaBroker broker = ForkedKafkaBroker.start(
                                version, dir.resolve("kafka-" + version).resolve("target/lib"), work);
                        // Into the test's output file: how long a release takes to come up here.
                        System.out.printf(
                                "Kafka %s started at %s in %d ms%n",
                                version, broker.bootstrapServers(), (System.nanoTime() - begin) / 1_000_000);
                        future.complete(broker);
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                },
                "start-kafka-" + version);
        starter.setDaemon(true);
        starter.start();
        return future;
    }

    /** Stops the brokers that started; one still starting halts when this JVM's pipe to it closes. */
    private static synchronized void closeAll() {
        STARTS.values().forEach(f -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().close();
            }
        });
        STARTS.clear();
    }
}
