package dev.asynckafka.spring.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A non-web application whose only work is a listener stays up while its container runs, and
 * stops cleanly (containers stopped, group left, JVM exits) on SIGTERM. Runs {@link WorkerApp} as a
 * separate JVM, since staying up is a matter of which threads keep a JVM alive.
 */
@Timeout(300)
class WorkerAppIT {
    private static final Duration STARTUP = Duration.ofMinutes(2);
    /** Before the keep-alive thread the app exited about half a second after starting. */
    private static final Duration STAYS_UP = Duration.ofSeconds(5);

    private EmbeddedKafkaCluster cluster;
    private Process process;
    private final StringBuffer output = new StringBuffer();

    @BeforeEach
    void setUp() {
        cluster = EmbeddedKafkaCluster.builder().brokers(1).topic("work", 1).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    @Test
    void aWorkerAppStaysUpUntilSigtermThenStopsItsListenersAndExits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerApp.class.getName(),
                        "--async-kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                        "--async-kafka.consumer.auto-offset-reset=earliest",
                        "--spring.application.name=worker"))
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::readOutput, "worker-output");
        reader.setDaemon(true);
        reader.start();

        awaitOutput("Started WorkerApp", STARTUP);
        Thread.sleep(STAYS_UP.toMillis());
        assertThat(process.isAlive())
                .as("the worker is still running %s after start; its output:%n%s", STAYS_UP, output)
                .isTrue();

        produce("job-1");
        awaitOutput("worker processed: job-1", STARTUP);
        assertThat(process.isAlive()).isTrue();

        // SIGTERM. Not Process.destroy(): that also closes the output stream we read from.
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the worker exits after SIGTERM; its output:%n%s", output)
                .isTrue();
        // A JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks (Boot's) have run.
        assertThat(process.exitValue()).isEqualTo(143);
        reader.join(10_000);
        assertThat(output.toString())
                .as("the container stopped gracefully and left its group")
                .contains("Listener worker stopping")
                .contains("leaves the group")
                .contains("Listener worker stopped")
                .doesNotContain("Exception");
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append(System.lineSeparator());
            }
        } catch (java.io.IOException e) {
            output.append("(output unreadable: ").append(e).append(')');
        }
    }

    private void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.toString().contains(text)) {
            if (!process.isAlive() && !output.toString().contains(text)) {
                Thread.sleep(200); // let the reader take the last lines
                throw new AssertionError("the worker exited (code " + process.exitValue() + ") before printing '" + text
                        + "'; its output:\n" + output);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + timeout + "; output:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    private void produce(String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("work", value)).get(60, TimeUnit.SECONDS);
        }
    }
}
