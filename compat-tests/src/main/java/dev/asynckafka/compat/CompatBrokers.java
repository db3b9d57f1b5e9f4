package dev.asynckafka.compat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One forked broker per Kafka release for the whole test JVM, started on first use and stopped
 * when the JVM exits, so that every compatibility test class shares it.
 *
 * <p>The releases come from the system property {@code compat.kafka.versions} (comma-separated),
 * their jars from {@code <compat.brokers.dir>/kafka-<version>/target/lib}, their files go under
 * {@code compat.work.dir}; the module's pom sets all three.
 */
public final class CompatBrokers {
    private static final Map<String, ForkedKafkaBroker> BROKERS = new HashMap<>();

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
     * The broker of {@code version}, started now if it is not running yet (blocking the calling
     * test thread until it answers).
     */
    public static synchronized ForkedKafkaBroker broker(String version) throws Exception {
        ForkedKafkaBroker broker = BROKERS.get(version);
        if (broker == null) {
            Path dir = Paths.get(System.getProperty("compat.brokers.dir", "brokers"));
            Path work = Paths.get(System.getProperty("compat.work.dir", "target/compat-brokers"));
            long start = System.nanoTime();
            broker = ForkedKafkaBroker.start(
                    version, dir.resolve("kafka-" + version).resolve("target/lib"), work);
            // Into the test's output file: how long a release takes to come up on this machine.
            System.out.printf(
                    "Kafka %s started at %s in %d ms%n",
                    version, broker.bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
            BROKERS.put(version, broker);
        }
        return broker;
    }

    private static synchronized void closeAll() {
        BROKERS.values().forEach(ForkedKafkaBroker::close);
        BROKERS.clear();
    }
}
