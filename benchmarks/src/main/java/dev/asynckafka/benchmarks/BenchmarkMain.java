package dev.asynckafka.benchmarks;

import dev.asynckafka.benchmarks.ScenarioWorker.Client;
import dev.asynckafka.benchmarks.ScenarioWorker.Scenario;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Runs every scenario with async-kafka and kafka-clients against one broker (in its own JVM),
 * interleaved A B A B after a warm-up pair, each run in a fresh client JVM; prints a table of
 * medians and ratios and writes it to RESULTS.md.
 *
 * <p>Options: {@code --reps=N} (default 3), {@code --scale=F} (record counts and durations times
 * F, default 1), {@code --scenarios=produce,consume,latency,slow,txn,reactive}, {@code --out=PATH}.
 *
 * <p>{@code reactive} runs the receive and send workloads through async-kafka-reactor, the plain
 * kafka-clients loop and reactor-kafka 1.3.x. reactor-kafka needs kafka-clients 3.x, so its worker
 * JVM gets this JVM's class path with kafka-clients 4 swapped for the jars the build copied to
 * {@code target/reactor-kafka-lib}.
 */
public final class BenchmarkMain {
    private final AtomicInteger topicCounter = new AtomicInteger();

    private BenchmarkMain() {}

    private static final List<Client> PLAIN = List.of(Client.ASYNC_KAFKA, Client.KAFKA_CLIENTS);
    private static final List<Client> REACTIVE =
            List.of(Client.ASYNC_KAFKA_REACTOR, Client.KAFKA_CLIENTS, Client.REACTOR_KAFKA);
    private static final Path REACTOR_KAFKA_LIB = Path.of("target", "reactor-kafka-lib");

    record Case(String name, Scenario scenario, int n, int size, String fixedTopic, List<Client> clients) {
        Case(String name, Scenario scenario, int n, int size, String fixedTopic) {
            this(name, scenario, n, size, fixedTopic, PLAIN);
        }
    }

    public static void main(String[] args) throws Exception {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
        int reps = 3;
        double scale = 1.0;
        Set<String> selected = Set.of("produce", "consume", "latency", "slow", "txn", "reactive");
        Path out = Path.of("RESULTS.md");
        for (String arg : args) {
            if (arg.startsWith("--reps=")) {
                reps = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--scale=")) {
                scale = Double.parseDouble(arg.substring(8));
            } else if (arg.startsWith("--scenarios=")) {
                selected = Set.of(arg.substring(12).split(","));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            } else if (!arg.isBlank()) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        new BenchmarkMain().run(reps, scale, selected, out);
    }

    private void run(int reps, double scale, Set<String> selected, Path out) throws Exception {
        long started = System.nanoTime();
        List<Report.Row> rows = new ArrayList<>();
        try (BrokerProcess broker = new BrokerProcess()) {
            String bootstrap = broker.bootstrapServers();
            System.err.println("broker at " + bootstrap);
            List<Case> cases = new ArrayList<>();
            int small = scaled(2_000_000, scale);
            int large = scaled(500_000, scale);
            int seconds = Math.max(5, scaled(20, scale));
            if (selected.contains("produce")) {
                cases.add(new Case("produce 100 B", Scenario.PRODUCE, small, 100, null));
                cases.add(new Case("produce 1 KiB", Scenario.PRODUCE, large, 1024, null));
            }
            if (selected.contains("consume")) {
                cases.add(new Case(
                        "consume 100 B", Scenario.CONSUME, small, 100, fill(bootstrap, "bench-c100", small, 100)));
                cases.add(new Case(
                        "consume 1 KiB", Scenario.CONSUME, large, 1024, fill(bootstrap, "bench-c1k", large, 1024)));
            }
            if (selected.contains("reactive")) {
                cases.add(new Case(
                        "reactive receive 100 B",
                        Scenario.CONSUME,
                        small,
                        100,
                        fill(bootstrap, "bench-r100", small, 100),
                        REACTIVE));
                cases.add(new Case("reactive send 100 B", Scenario.PRODUCE, small / 2, 100, null, REACTIVE));
            }
            if (selected.contains("latency")) {
                cases.add(new Case("e2e latency 20k rec/s", Scenario.LATENCY, seconds, 100, null));
            }
            if (selected.contains("txn")) {
                cases.add(new Case(
                        "transactional produce 100 B, " + Settings.TXN_RECORDS + " rec/txn",
                        Scenario.TXN_PRODUCE,
                        scaled(500_000, scale),
                        100,
                        null));
            }
            if (selected.contains("slow")) {
                cases.add(new Case("slow partition 0, p1-7 latency", Scenario.SLOW_PARTITION, seconds, 100, null));
            }
            for (Case c : cases) {
                rows.addAll(runCase(bootstrap, c, reps));
            }
        }
        Report report = new Report(rows, reps, scale, (System.nanoTime() - started) / 1e9);
        System.out.println(report.table());
        report.write(out);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    private static int scaled(int value, double scale) {
        return Math.max(1, (int) Math.round(value * scale));
    }

    private List<Report.Row> runCase(String bootstrap, Case c, int reps) throws Exception {
        System.err.println("== " + c.name());
        Map<Client, List<Map<String, Double>>> results = new EnumMap<>(Client.class);
        Map<Client, String> errors = new EnumMap<>(Client.class);
        // Warm-up pair (broker caches, page cache, JIT of the broker), not recorded.
        for (Client client : c.clients()) {
            int n = c.scenario() == Scenario.PRODUCE
                            || c.scenario() == Scenario.CONSUME
                            || c.scenario() == Scenario.TXN_PRODUCE
                    ? Math.max(1, c.n() / 4)
                    : 5;
            runOnce(bootstrap, c, client, n, errors);
        }
        for (int rep = 0; rep < reps; rep++) {
            for (Client client : c.clients()) {
                if (errors.containsKey(client)) {
                    continue;
                }
                Map<String, Double> r = runOnce(bootstrap, c, client, c.n(), errors);
                if (r != null) {
                    results.computeIfAbsent(client, k -> new ArrayList<>()).add(r);
                    System.err.println("   " + client + " " + r);
                }
            }
        }
        return Report.rows(c.name(), c.clients(), results, errors);
    }

    private Map<String, Double> runOnce(String bootstrap, Case c, Client client, int n, Map<Client, String> errors)
            throws Exception {
        String topic = c.fixedTopic() != null ? c.fixedTopic() : newTopic(bootstrap);
        List<String> command = new ArrayList<>(List.of(Jvm.java(), "-Xmx1g"));
        // For profiling a run: -Dbench.workerJvmArgs="-XX:StartFlightRecording=filename=/tmp/w.jfr"
        String extra = System.getProperty("bench.workerJvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                client == Client.REACTOR_KAFKA ? reactorKafkaClassPath() : System.getProperty("java.class.path"),
                ScenarioWorker.class.getName(),
                c.scenario().name(),
                client.name(),
                bootstrap,
                topic,
                Integer.toString(n),
                Integer.toString(c.size())));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String result = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    result = line;
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (result == null) {
            errors.put(client, "run failed (exit " + p.exitValue() + ")");
            return null;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String part : result.split("\t")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                metrics.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
            }
        }
        return metrics;
    }

    /** This JVM's class path with kafka-clients 4 replaced by reactor-kafka and kafka-clients 3.x. */
    private static String reactorKafkaClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("kafka-clients-")) {
                entries.add(entry);
            }
        }
        List<String> jars;
        try (Stream<Path> files = Files.list(REACTOR_KAFKA_LIB)) {
            jars = files.map(Path::toString)
                    .filter(f -> f.endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    REACTOR_KAFKA_LIB.toAbsolutePath() + " is missing: run the bench profile"
                            + " (mvn -B -Pbench -pl benchmarks -am verify -DskipTests), which copies it in package",
                    e);
        }
        if (jars.stream().noneMatch(j -> j.contains("reactor-kafka-"))
                || jars.stream().noneMatch(j -> j.contains("kafka-clients-3."))) {
            throw new IllegalStateException("reactor-kafka or kafka-clients 3.x missing from " + jars);
        }
        entries.addAll(jars);
        return String.join(File.pathSeparator, entries);
    }

    private String newTopic(String bootstrap) throws Exception {
        String name = "bench-" + topicCounter.incrementAndGet();
        createReadyTopic(bootstrap, name);
        return name;
    }

    /**
     * Creates a topic, waits until every partition has a leader, and writes one record to each
     * partition: an idempotent producer's very first batches to a brand-new partition can meet
     * OUT_OF_ORDER_SEQUENCE_NUMBER on this broker version (kafka-clients retries them until the
     * delivery timeout), which would measure the broker's start-up, not the client.
     */
    private static void createReadyTopic(String bootstrap, String name) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(name, Settings.PARTITIONS, (short) 1)))
                    .all()
                    .get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                TopicDescription d = admin.describeTopics(List.of(name))
                        .allTopicNames()
                        .get()
                        .get(name);
                if (d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " got no leaders");
                }
                Thread.sleep(50);
            }
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.idempotence", "false");
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> primer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < Settings.PARTITIONS; partition++) {
                primer.send(new ProducerRecord<>(name, partition, null, new byte[] {0}))
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Writes the records both consumers read, with kafka-clients, once. */
    private static String fill(String bootstrap, String topic, int records, int size) throws Exception {
        createReadyTopic(bootstrap, topic);
        Payloads payloads = new Payloads(size);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClientsScenarios.producer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.value(i)));
            }
            producer.flush();
        }
        return topic;
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }
}
