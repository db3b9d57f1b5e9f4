package dev.asynckafka.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker from the test kit in its own JVM, so its CPU and heap are not
 * counted as the client's. It stops when this process closes its stdin.
 */
final class BrokerProcess implements AutoCloseable {
    private static final String PREFIX = "BOOTSTRAP_SERVERS=";

    private final Process process;
    private final String bootstrapServers;

    BrokerProcess() throws IOException, InterruptedException {
        List<String> command = List.of(
                Jvm.java(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.asynckafka.test.EmbeddedKafkaMain");
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(PREFIX)) {
                        address.complete(line.substring(PREFIX.length()).trim());
                    }
                }
                address.completeExceptionally(new IOException("broker process ended before it was ready"));
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            bootstrapServers = address.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the broker did not start", e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
