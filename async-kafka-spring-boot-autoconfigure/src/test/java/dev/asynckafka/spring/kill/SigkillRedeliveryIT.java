package dev.asynckafka.spring.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 15, item 2: a listener JVM killed with SIGKILL in a steady state at about 2,000 records a
 * second redoes no more records after its restart than it processed in the last 500 ms before the
 * kill. With the default {@code commit-interval} (5 s) the container commits done offsets as soon as
 * the previous commit completes, so what a crash leaves uncommitted is the work of about one commit
 * round trip, not of a commit interval.
 *
 * <p>Each round runs {@link KillVictimApp} as a separate JVM, waits until it has caught up with the
 * producer and then runs steadily for a while, kills it with SIGKILL ({@link
 * Process#destroyForcibly()} on Linux), and starts a fresh victim in the same group. A record is
 * redelivered by a kill when both the killed victim and its successor processed it. The default
 * run kills twice; {@code -Dasynckafka.kills=10} kills ten times and prints the distribution, and
 * {@code -Dasynckafka.kills.spring-kafka=true} runs the same kills against spring-kafka's default
 * listener container ({@link SpringKafkaVictimMain}) for comparison.
 */
@Timeout(1800)
class SigkillRedeliveryIT {
    static final String TOPIC = "kill-redelivery";
    static final String GROUP = "kill-redelivery-group";

    private static final int PARTITIONS = 4;
    private static final int RECORDS_PER_SECOND = 2_000;
    private static final Duration STARTUP = Duration.ofMinutes(2);
    /** How long a victim runs in step with the producer before it is killed, plus up to 1 s more. */
    private static final Duration STEADY = Duration.ofSeconds(3);

    private EmbeddedKafkaCluster cluster;
    private final List<Victim> victims = new ArrayList<>();
    /** Every value any victim processed, kept as the readers go (not rebuilt at each look). */
    private final Set<String> processedByAny = ConcurrentHashMap.newKeySet();

    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    private volatile boolean producing = true;
    private Thread producer;

    @BeforeEach
    void setUp() {
        cluster = EmbeddedKafkaCluster.builder()
                .brokers(1)
                // A restarted victim's join waits for the killed member's session to expire.
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .topic(TOPIC, PARTITIONS)
                .start();
    }

    @AfterEach
    void tearDown() throws Exception {
        producing = false;
        if (producer != null) {
            producer.join(30_000);
        }
        for (Victim v : victims) {
            if (v.process.isAlive()) {
                v.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        cluster.close();
    }

    @Test
    void aKilledListenerRedoesNoMoreThanItsLastHalfSecond() throws Exception {
        List<KillResult> results = killAndRestart("async-kafka", this::asyncKafkaVictim);
        for (KillResult r : results) {
            // No margin: what is redone is what was done during the last commit round trip (a few
            // milliseconds on one host), against 500 ms of processing at 2,000 records/s.
            assertThat((long) r.redelivered())
                    .as("records redone after kill %d vs processed in its last 500 ms", r.kill())
                    .isLessThanOrEqualTo(r.lastHalfSecond());
        }
    }

    /**
     * The same kills with spring-kafka's default listener container, for the comparison issue 15
     * asks for; it asserts nothing beyond at-least-once. Run with {@code
     * -Dasynckafka.kills.spring-kafka=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "asynckafka.kills.spring-kafka", matches = "true")
    void springKafkaUnderTheSameKills() throws Exception {
        killAndRestart("spring-kafka", this::springKafkaVictim);
    }

    /** Runs the kills; checks every produced record was processed; prints and returns what each cost. */
    private List<KillResult> killAndRestart(String client, VictimCommand command) throws Exception {
        int kills = Integer.getInteger("asynckafka.kills", 2);
        producer = new Thread(this::produce, "kill-producer");
        producer.setDaemon(true);
        producer.start();

        List<KillResult> results = new ArrayList<>();
        Victim current = startVictim(command.arguments());
        awaitSteadyState(current);
        for (int k = 0; k < kills; k++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1_000)); // vary the moment of the kill
            long killedAt = System.currentTimeMillis();
            current.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            current.reader.join(10_000); // every line the victim printed
            Victim next = startVictim(command.arguments());
            // Caught up with records produced after the kill, in every partition (the producer
            // writes round-robin), so past everything redelivered: order holds per partition.
            awaitSteadyState(next);
            int redelivered = 0;
            for (String value : current.processedAt.keySet()) {
                if (next.processedAt.containsKey(value)) {
                    redelivered++;
                }
            }
            long lastHalfSecond = current.processedAt.values().stream()
                    .filter(at -> at >= killedAt - 500)
                    .count();
            KillResult r = new KillResult(k + 1, redelivered, lastHalfSecond, current.processedAt.size());
            System.out.println("SigkillRedeliveryIT " + client + ": " + r);
            results.add(r);
            current = next;
        }
        producing = false;
        producer.join(30_000);
        assertThat(producerFailure.get()).isNull();
        int total = produced.get();
        awaitCondition("every produced record processed", Duration.ofMinutes(1), () -> processedValues() == total);

        System.out.println("SigkillRedeliveryIT " + client + ": " + kills + " kills at " + RECORDS_PER_SECOND
                + " records/s; redelivered per kill "
                + results.stream().map(KillResult::redelivered).toList()
                + "; processed in the last 500 ms before each kill "
                + results.stream().map(KillResult::lastHalfSecond).toList());
        return results;
    }

    /** The command line of a victim after {@code java}. */
    @FunctionalInterface
    private interface VictimCommand {
        List<String> arguments();
    }

    private List<String> asyncKafkaVictim() {
        return List.of(
                KillVictimApp.class.getName(),
                "--async-kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--async-kafka.consumer.auto-offset-reset=earliest",
                // The killed member's partitions come back after its session timeout.
                "--async-kafka.consumer.session-timeout=3s",
                "--async-kafka.consumer.heartbeat-interval=500ms",
                "--spring.application.name=kill-victim");
    }

    private List<String> springKafkaVictim() {
        return List.of(SpringKafkaVictimMain.class.getName(), cluster.bootstrapServers());
    }

    /** What one kill cost. */
    record KillResult(int kill, int redelivered, long lastHalfSecond, int processedByVictim) {}

    /** Distinct values processed by any victim: at least once means every produced one. */
    private int processedValues() {
        return processedByAny.size();
    }

    /**
     * Steady state: the victim has processed every record produced up to a moment after it started
     * processing (so it has caught up with any backlog), then keeps pace for {@link #STEADY}.
     */
    private void awaitSteadyState(Victim victim) throws InterruptedException {
        awaitCondition("the victim processes records", STARTUP, () -> !victim.processedAt.isEmpty());
        int target = produced.get();
        awaitCondition("the victim caught up with the producer", STARTUP, () -> {
            if (!victim.process.isAlive()) {
                throw new AssertionError("the victim exited; its output:\n" + victim.output);
            }
            return processedValues() >= target;
        });
        Thread.sleep(STEADY.toMillis());
    }

    private void produce() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(p)) {
            long start = System.nanoTime();
            while (producing) {
                long due = (System.nanoTime() - start) * RECORDS_PER_SECOND / 1_000_000_000L;
                while (produced.get() < due) {
                    int n = produced.get();
                    kafka.send(new ProducerRecord<>(TOPIC, n % PARTITIONS, null, "v" + n), (md, e) -> {
                        if (e != null) {
                            producerFailure.compareAndSet(null, e);
                        }
                    });
                    produced.incrementAndGet();
                }
                Thread.sleep(5);
            }
            kafka.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            producerFailure.compareAndSet(null, e);
        }
    }

    private Victim startVictim(List<String> arguments) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Victim victim = new Victim(process, processedByAny);
        victims.add(victim);
        victim.reader.start();
        return victim;
    }

    private static void awaitCondition(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One victim process and what it printed. */
    private static final class Victim {
        final Process process;
        /** Value to the time it was processed (the first time, if this victim processed it twice). */
        final Map<String, Long> processedAt = new ConcurrentHashMap<>();

        final StringBuffer output = new StringBuffer();
        final Thread reader;
        private final Set<String> processedByAny;

        Victim(Process process, Set<String> processedByAny) {
            this.process = process;
            this.processedByAny = processedByAny;
            this.reader = new Thread(this::read, "victim-output");
            reader.setDaemon(true);
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("PROCESSED ")) {
                        String[] parts = line.split(" ");
                        processedAt.putIfAbsent(parts[1], Long.parseLong(parts[2]));
                        processedByAny.add(parts[1]);
                    } else if (output.length() < 200_000) {
                        output.append(line).append(System.lineSeparator());
                    }
                }
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(')');
            }
        }
    }
}
