package dev.asynckafka.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaCluster} as a standalone process, for example so a benchmark can run
 * the broker in its own JVM.
 *
 * <p>Once the cluster is ready, a single line {@code BOOTSTRAP_SERVERS=host:port[,host:port...]} is
 * printed to standard output. The process then runs until standard input reaches end-of-file (the
 * parent closes the pipe or dies) or the process is terminated; a shutdown hook closes the cluster
 * and deletes its log directories. With {@code --no-stdin} standard input is ignored and only
 * termination stops the process (use this when stdin is {@code /dev/null}, as for background shell
 * jobs).
 *
 * <p>Options (each may also be given as a system property, shown in parentheses):
 *
 * <ul>
 *   <li>{@code --brokers=N} ({@code asynckafka.brokers}): number of brokers, default 1
 *   <li>{@code --port=P} ({@code asynckafka.port}): port of broker 0, broker {@code i} uses
 *       {@code P+i}; default 0 chooses free ports
 *   <li>{@code --topic=NAME:PARTITIONS}: a topic to create, repeatable
 *   <li>{@code --broker-property=KEY=VALUE}: a broker configuration property, repeatable
 *   <li>{@code --no-stdin} ({@code asynckafka.noStdin=true}): do not stop when stdin closes
 * </ul>
 */
public final class EmbeddedKafkaMain {

    /** The prefix of the line printed to standard output once the cluster is ready. */
    public static final String BOOTSTRAP_SERVERS_PREFIX = "BOOTSTRAP_SERVERS=";

    private EmbeddedKafkaMain() {}

    /**
     * Starts the cluster, prints its bootstrap servers and blocks until stdin closes or the process
     * is terminated.
     *
     * @param args the options described in the class documentation
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder();
        builder.brokers(Integer.getInteger("asynckafka.brokers", 1));
        builder.port(Integer.getInteger("asynckafka.port", 0));
        boolean watchStdin = !Boolean.getBoolean("asynckafka.noStdin");
        for (String arg : args) {
            if (arg.startsWith("--brokers=")) {
                builder.brokers(Integer.parseInt(valueOf(arg)));
            } else if (arg.startsWith("--port=")) {
                builder.port(Integer.parseInt(valueOf(arg)));
            } else if (arg.startsWith("--topic=")) {
                String value = valueOf(arg);
                int colon = value.lastIndexOf(':');
                if (colon < 0) {
                    builder.topic(value, 1);
                } else {
                    builder.topic(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
                }
            } else if (arg.startsWith("--broker-property=")) {
                String value = valueOf(arg);
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw usage("Expected --broker-property=KEY=VALUE but got " + arg);
                }
                builder.brokerProperty(value.substring(0, eq), value.substring(eq + 1));
            } else if (arg.equals("--no-stdin")) {
                watchStdin = false;
            } else {
                throw usage("Unknown argument " + arg);
            }
        }

        EmbeddedKafkaCluster cluster = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "embedded-kafka-shutdown"));
        cluster.start();

        PrintStream out = System.out;
        out.println(BOOTSTRAP_SERVERS_PREFIX + cluster.bootstrapServers());
        out.flush();

        if (watchStdin) {
            Thread watcher = new Thread(() -> drain(System.in, stopped), "embedded-kafka-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
        cluster.close();
        System.exit(0);
    }

    private static void drain(InputStream in, CountDownLatch stopped) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // discard; only end-of-file matters
            }
        } catch (IOException e) {
            // treat a broken stdin like a closed one
        }
        stopped.countDown();
    }

    private static String valueOf(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(message
                + "; usage: [--brokers=N] [--port=P] [--topic=NAME:PARTITIONS]..."
                + " [--broker-property=KEY=VALUE]... [--no-stdin]");
    }
}
