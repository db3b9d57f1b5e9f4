package dev.asynckafka.spring.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, exactly-once pipeline: an input topic of 12 partitions → {@link EosPipelineApp}
 * (transactional listener container: each transaction holds the transformed records and the
 * input offsets) → an output topic that, read with {@code read_committed}, holds each input
 * record exactly once, while one of two application instances (separate JVMs) is killed with
 * SIGKILL several times and restarted, and the other takes its partitions over in the
 * rebalances. Duplicates and losses are counted; both must be 0.
 *
 * <p>The default run is short: {@code asynckafka.eos.records} (default 12,000) records, {@code
 * asynckafka.eos.kills} (default 2) kills, batch listener ({@code asynckafka.eos.batch}, default
 * true; false runs a record listener, one transaction per record), the input written while the
 * pipeline runs at {@code asynckafka.eos.rate} (default 150) records a second so that every kill
 * hits it mid-stream; {@code asynckafka.eos.transaction-version} finalizes that {@code
 * transaction.version} (2: KIP-890). The full size: {@code -Dasynckafka.eos.records=100000
 * -Dasynckafka.eos.kills=5}. The instances' logs are in {@code
 * target/eos-pipeline/}.
 */
@Timeout(3600)
class ExactlyOncePipelineIT {
    static final String INPUT = "eos-in";
    static final String OUTPUT = "eos-out";
    static final String GROUP = "eos-pipeline";
    private static final int PARTITIONS = 12;

    private EmbeddedKafkaCluster cluster;
    private final List<Process> processes = new ArrayList<>();
    private int started;

    @BeforeEach
    void setUp() {
        cluster = EmbeddedKafkaCluster.builder()
                .brokers(1)
                // A killed member's partitions move after its session timeout, not after 45 s.
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .topic(INPUT, PARTITIONS)
                .topic(OUTPUT, PARTITIONS)
                .start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        cluster.close();
    }

    @Test
    void eachInputRecordIsInTheOutputExactlyOnceWhileAnInstanceIsKilledAgainAndAgain() throws Exception {
        int records = Integer.getInteger("asynckafka.eos.records", 12_000);
        int kills = Integer.getInteger("asynckafka.eos.kills", 2);
        boolean batch = Boolean.parseBoolean(System.getProperty("asynckafka.eos.batch", "true"));
        int rate = Integer.getInteger("asynckafka.eos.rate", 150);
        long start = System.nanoTime();
        // Paced, so that the kills (a JVM start each) hit a pipeline that is still running.
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(records, rate, producerFailure), "eos-input-producer");
        producer.setDaemon(true);
        producer.start();

        Process steady = startInstance("steady", batch).process();
        Instance victim = startInstance("victim", batch);
        List<Long> killedAt = new ArrayList<>();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            for (int k = 1; k <= kills; k++) {
                // Killed while it processes: once it has partitions, after a varying while.
                victim.awaitAssigned(Duration.ofMinutes(5));
                Thread.sleep(500 + ThreadLocalRandom.current().nextLong(1_500));
                long committed = committed(admin, false);
                victim.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                killedAt.add(committed);
                System.out.println("ExactlyOncePipelineIT: SIGKILL " + k + " of " + kills + " at " + committed
                        + " committed input records");
                // Otherwise the kill proves nothing: it must hit the pipeline while it runs.
                assertThat(committed)
                        .as("input records committed at kill %d", k)
                        .isLessThan(records);
                // Sometimes back before the killed member's session expired, sometimes after the
                // steady instance took its partitions over.
                Thread.sleep(500 + ThreadLocalRandom.current().nextLong(3_500));
                victim = startInstance("victim", batch);
            }
            producer.join(TimeUnit.MINUTES.toMillis(30));
            assertThat(producerFailure.get()).as("input producer failure").isNull();
            awaitProgress(admin, records, steady, Duration.ofMinutes(30));
            assertThat(committed(admin, true))
                    .as("committed input offsets (stable)")
                    .isEqualTo(records);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Integer> seen = new HashMap<>();
        int outputRecords = 0;
        for (ConsumerRecord<String, String> r : readCommitted()) {
            seen.merge(r.value(), 1, Integer::sum);
            outputRecords++;
        }
        int duplicates = 0;
        for (int n : seen.values()) {
            duplicates += n - 1;
        }
        int losses = 0;
        for (int i = 0; i < records; i++) {
            if (!seen.containsKey(value(i).toUpperCase(Locale.ROOT))) {
                losses++;
            }
        }
        int unexpected = 0;
        for (String v : seen.keySet()) {
            if (!v.matches("R\\d+") || Integer.parseInt(v.substring(1)) >= records) {
                unexpected++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "ExactlyOncePipelineIT: %d input records, %s listener, %d SIGKILLs (at %s committed), %d output"
                        + " records read_committed, duplicates %d, losses %d, unexpected %d; %.1f s (%.0f records/s"
                        + " with the kills and restarts)%n",
                records,
                batch ? "batch" : "record",
                kills,
                killedAt,
                outputRecords,
                duplicates,
                losses,
                unexpected,
                seconds,
                records / seconds);
        assertThat(duplicates).as("duplicates").isZero();
        assertThat(losses).as("losses").isZero();
        assertThat(unexpected).as("output values that are no input's").isZero();
        assertThat(outputRecords).isEqualTo(records);
    }

    private static String value(int i) {
        return "r" + i;
    }

    /** Writes the input at {@code rate} records a second, round-robin over the partitions. */
    private void produce(int records, int rate, AtomicReference<Throwable> failure) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> kafka =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < records) {
                long due = Math.min(records, (System.nanoTime() - start) * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    kafka.send(new ProducerRecord<>(INPUT, sent % PARTITIONS, null, value(sent)), (md, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                Thread.sleep(10);
            }
            kafka.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** One application JVM and its log file. */
    private record Instance(Process process, Path log) {
        /** Waits until the instance's container got partitions. */
        void awaitAssigned(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(log).contains("partitions assigned")) {
                if (!process.isAlive()) {
                    throw new AssertionError("the instance exited; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no partitions assigned within " + timeout + "; see " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    private Instance startInstance(String name, boolean batch) throws IOException {
        Path logs = Path.of("target", "eos-pipeline");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + (++started) + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(
                java.toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                EosPipelineApp.class.getName(),
                "--async-kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--async-kafka.consumer.auto-offset-reset=earliest",
                "--async-kafka.consumer.session-timeout=3s",
                "--async-kafka.consumer.heartbeat-interval=500ms",
                // The same prefix on both instances: a partition's producer has one id wherever it runs.
                "--async-kafka.producer.transaction-id-prefix=eos-",
                "--async-kafka.listener.concurrency=" + PARTITIONS,
                "--eos.batch=" + batch,
                "--spring.application.name=eos-" + name);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        return new Instance(process, log);
    }

    private void awaitProgress(Admin admin, long target, Process steady, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(admin, false) < target) {
            if (!steady.isAlive()) {
                throw new AssertionError("the steady instance exited; see target/eos-pipeline/");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + target
                        + " committed input records; at " + committed(admin, false));
            }
            Thread.sleep(100);
        }
    }

    /** The sum of the group's committed input offsets (partitions with a pending transaction count 0 when stable). */
    private static long committed(Admin admin, boolean requireStable) throws Exception {
        long sum = 0;
        for (var e : admin.listConsumerGroupOffsets(
                        Map.of(GROUP, new ListConsumerGroupOffsetsSpec()),
                        new ListConsumerGroupOffsetsOptions().requireStable(requireStable))
                .partitionsToOffsetAndMetadata(GROUP)
                .get(30, TimeUnit.SECONDS)
                .entrySet()) {
            if (e.getKey().topic().equals(INPUT) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    private List<ConsumerRecord<String, String>> readCommitted() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(OUTPUT, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + OUTPUT + " did not reach " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
