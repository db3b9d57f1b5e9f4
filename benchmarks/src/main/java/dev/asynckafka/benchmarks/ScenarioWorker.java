package dev.asynckafka.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Runs one scenario with one client in a fresh JVM and prints one {@code RESULT} line, so each
 * client's CPU time and allocation are measured alone, apart from the broker and the other client.
 *
 * <p>Arguments: {@code <scenario> <client> <bootstrap> <topic> <n> <size>}; for throughput
 * scenarios {@code n} is a record count, for latency scenarios a duration in seconds.
 */
public final class ScenarioWorker {
    private ScenarioWorker() {}

    public static void main(String[] args) throws Exception {
        // CLI entry point of a worker JVM; exceptions end it with a stack trace and exit code 1.
        // Client INFO logs would interleave with the orchestrator's output; only problems matter.
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
        Scenario scenario = Scenario.valueOf(args[0]);
        Client client = Client.valueOf(args[1]);
        String bootstrap = args[2];
        String topic = args[3];
        int n = Integer.parseInt(args[4]);
        int size = Integer.parseInt(args[5]);
        // -Dbench.jfrDir=DIR (passed through bench.workerJvmArgs) records a JFR profile of each run.
        String jfrDir = System.getProperty("bench.jfrDir");
        Recording recording = null;
        if (jfrDir != null) {
            recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
        }
        Map<String, Double> result = run(scenario, client, bootstrap, topic, n, size);
        if (recording != null) {
            recording.dump(Path.of(
                    jfrDir,
                    scenario + "-" + client + "-" + ProcessHandle.current().pid() + ".jfr"));
            recording.close();
        }
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }

    static Map<String, Double> run(Scenario scenario, Client client, String bootstrap, String topic, int n, int size)
            throws Exception {
        return switch (client) {
            case KAFKA_CLIENTS ->
                switch (scenario) {
                    case PRODUCE -> KafkaClientsScenarios.produce(bootstrap, topic, n, size);
                    case CONSUME -> KafkaClientsScenarios.consume(bootstrap, topic, n);
                    case LATENCY -> KafkaClientsScenarios.latency(bootstrap, topic, Settings.LATENCY_RATE, n);
                    case SLOW_PARTITION -> KafkaClientsScenarios.slowPartition(bootstrap, topic, Settings.SLOW_RATE, n);
                    case TXN_PRODUCE -> KafkaClientsScenarios.transactionalProduce(bootstrap, topic, n, size);
                };
            case ASYNC_KAFKA -> AsyncKafkaScenarios.run(scenario, bootstrap, topic, n, size);
            case ASYNC_KAFKA_REACTOR -> ReactiveScenarios.run(scenario, bootstrap, topic, n, size);
            case REACTOR_KAFKA -> ReactorKafkaScenarios.run(scenario, bootstrap, topic, n, size);
        };
    }

    /** The scenarios. */
    enum Scenario {
        PRODUCE,
        CONSUME,
        LATENCY,
        SLOW_PARTITION,
        /** Transactions of {@link Settings#TXN_RECORDS} records, one after the other. */
        TXN_PRODUCE
    }

    /** The clients. */
    enum Client {
        ASYNC_KAFKA("async-kafka"),
        KAFKA_CLIENTS("kafka-clients"),
        /** async-kafka-reactor's {@code KafkaReceiver}/{@code KafkaSender}. */
        ASYNC_KAFKA_REACTOR("async-kafka-reactor"),
        /** reactor-kafka 1.3.x on kafka-clients 3.x, in a worker JVM with that class path. */
        REACTOR_KAFKA("reactor-kafka 1.3.23");

        private final String label;

        Client(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
