package dev.asynckafka.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the packaged sample app exactly as README's run command does ({@code java -jar
 * sample-app/target/async-kafka-sample-app.jar}) and uses it the way README tells a newcomer to.
 */
class SampleAppIT {
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration PROCESSING = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void embeddedDefaultServesProducesConsumesAndShowsMetrics() throws Exception {
        try (App app = App.start(Map.of())) {
            assertThat(app.log()).contains("started an embedded Kafka broker");

            JsonNode written = post(app, "/orders", "{\"id\":\"o-1\",\"customer\":\"alice\",\"amount\":12.50}");
            assertThat(written.get("topic").asString()).isEqualTo("orders");
            assertThat(written.get("offset").asLong()).isGreaterThanOrEqualTo(0);

            JsonNode generated = post(app, "/orders/generate?count=200&failEvery=50", "");
            assertThat(generated.get("published").asInt()).isEqualTo(200);

            // 201 orders, 4 of them invalid: 197 processed, 4 dead-lettered, all 201 audited.
            JsonNode stats = awaitJson(
                    app,
                    "/orders/stats",
                    s -> s.get("processed").asLong() == 197
                            && s.get("deadLettered").asLong() == 4
                            && s.get("audited").asLong() == 201);
            assertThat(stats.get("outOfOrder").asLong()).isZero();
            // Each of the 4 dead-lettered orders published once, and no failed dead-letter attempt.
            awaitJson(
                    app,
                    "/actuator/metrics/async.kafka.listener.dead.letter?tag=listener.id:orders&tag=result:published",
                    m -> m.get("measurements").get(0).get("value").asDouble() == 4.0);
            awaitJson(
                    app,
                    "/actuator/metrics/async.kafka.listener.dead.letter?tag=listener.id:orders&tag=result:failed",
                    m -> m.get("measurements").get(0).get("value").asDouble() == 0.0);

            JsonNode health = awaitJson(
                    app, "/actuator/health", h -> "UP".equals(h.get("status").asString()));
            assertThat(health.at("/components/asyncKafka/status").asString()).isEqualTo("UP");

            JsonNode names = getJson(app, "/actuator/metrics").get("names");
            List<String> asyncKafkaMeters = new ArrayList<>();
            names.forEach(n -> {
                if (n.asString().startsWith("async.kafka.")) {
                    asyncKafkaMeters.add(n.asString());
                }
            });
            assertThat(asyncKafkaMeters).contains(METER_LAG, METER_REBALANCES);

            // Every order was consumed, so once the positions catch up the lag of every partition is 0.
            awaitJson(
                    app,
                    "/actuator/metrics/" + METER_LAG + "?tag=listener.id:orders",
                    m -> m.get("measurements").get(0).get("value").asDouble() == 0.0);

            // The asynckafka endpoint lists every container; pausing one stops its processing only.
            JsonNode kafka = awaitJson(
                    app,
                    "/actuator/asynckafka",
                    k -> k.at("/containers/orders/state").asString().equals("RUNNING")
                            && k.at("/containers/orders/partitions").size() > 0);
            assertThat(kafka.at("/containers/audit/group").asString()).isEqualTo("sample-audit");
            assertThat(kafka.at("/containers/dead-letters/state").asString()).isEqualTo("RUNNING");
            assertThat(kafka.get("producers").size()).isPositive();
            JsonNode paused = post(app, "/actuator/asynckafka/orders", "{\"action\":\"pause\"}");
            assertThat(paused.get("paused").asBoolean()).isTrue();
            post(app, "/orders", "{\"id\":\"o-2\",\"customer\":\"bob\",\"amount\":3.00}");
            // The audit container (not paused) sees the order; the paused one must not process it.
            awaitJson(app, "/orders/stats", st -> st.get("audited").asLong() == 202);
            assertThat(getJson(app, "/orders/stats").get("processed").asLong()).isEqualTo(197);
            JsonNode resumed = post(app, "/actuator/asynckafka/orders", "{\"action\":\"resume\"}");
            assertThat(resumed.get("paused").asBoolean()).isFalse();
            awaitJson(app, "/orders/stats", st -> st.get("processed").asLong() == 198);

            String prometheus = get(app, "/actuator/prometheus");
            assertThat(prometheus).contains(PROMETHEUS_LAG).contains("listener_id=\"orders\"");
            // README's metrics table names the Prometheus series; every one must be in the scrape.
            List<String> series =
                    prometheus.lines().map(l -> l.split("[{ ]", 2)[0]).toList();
            assertThat(readmePrometheusSeries())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(series)
                            .as("README's Prometheus series %s in the scrape", name)
                            .contains(name));
        }
    }

    /** README's {@code curl -N localhost:8080/orders/stream?from=earliest}: the orders as Server-Sent Events. */
    @Test
    void streamsTheOrdersTopicAsServerSentEvents() throws Exception {
        // Not try-with-resources: the test stops the app itself while a stream is open (closing twice is harmless).
        App app = App.start(Map.of());
        try {
            for (String id : List.of("s-1", "s-2", "s-3")) {
                post(app, "/orders", "{\"id\":\"" + id + "\",\"customer\":\"c-" + id + "\",\"amount\":1.25}");
            }
            HttpResponse<java.io.InputStream> response = http.send(
                    HttpRequest.newBuilder(app.uri("/orders/stream?from=earliest"))
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            java.util.concurrent.CompletableFuture<Void> read = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    String line;
                    int events = 0;
                    while (events < 3 && (line = reader.readLine()) != null) {
                        lines.add(line);
                        if (line.startsWith("data:")) {
                            events++;
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                read.get(PROCESSING.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                response.body().close();
                throw new AssertionError("3 events not streamed; lines so far: " + lines + "\napp log:\n" + app.log());
            }
            List<String> ids = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("data:")) {
                    JsonNode order = JSON.readTree(line.substring("data:".length()));
                    ids.add(order.get("id").asString());
                    assertThat(order.get("customer").asString())
                            .isEqualTo("c-" + order.get("id").asString());
                }
            }
            assertThat(ids).containsExactlyInAnyOrder("s-1", "s-2", "s-3");
            assertThat(lines).filteredOn(l -> l.startsWith("event:")).containsOnly("event:order");
            assertThat(lines).filteredOn(l -> l.startsWith("id:")).hasSize(3).allMatch(l -> l.matches("id:\\d+-\\d+"));
            // Stopping the app ends the open stream (the sample completes it before the web server stops).
            long stopping = System.nanoTime();
            app.close();
            System.out.println("SampleAppIT: app with an open event stream stopped in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping) + " ms");
            String rest;
            try {
                while ((rest = reader.readLine()) != null) {
                    assertThat(rest).doesNotStartWith("data:");
                }
            } catch (IOException connectionClosed) {
                // also the end of the stream
            }
            reader.close();
        } finally {
            app.close();
        }
    }

    @Test
    void startsFromItsAheadOfTimeProcessedContext() throws Exception {
        // The build runs Spring's AOT processing (process-aot); this start uses its generated
        // context instead of the reflective one, as a native image would.
        try (App app = App.start(Map.of(), List.of("-Dspring.aot.enabled=true"))) {
            assertThat(app.log()).contains("Starting AOT-processed SampleApplication");
            post(app, "/orders", "{\"id\":\"o-3\",\"customer\":\"carol\",\"amount\":7}");
            post(app, "/orders", "{\"id\":\"o-4\",\"customer\":\"dave\",\"amount\":-7}");
            awaitJson(
                    app,
                    "/orders/stats",
                    s -> s.get("processed").asLong() == 1
                            && s.get("audited").asLong() == 2
                            && s.get("deadLettered").asLong() == 1);
        }
    }

    @Test
    void usesTheClusterNamedByTheEnvironmentVariable() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(1).build()) {
            cluster.start();
            try (App app = App.start(Map.of("ASYNC_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers()))) {
                assertThat(app.log()).doesNotContain("started an embedded Kafka broker");
                post(app, "/orders", "{\"id\":\"o-2\",\"customer\":\"bob\",\"amount\":3}");
                awaitJson(app, "/orders/stats", s -> s.get("processed").asLong() == 1);
            }
            // The app created its topics in the cluster the test started.
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(ClientOptions.builder()
                    .bootstrapServers(cluster.bootstrapServers())
                    .build()))) {
                assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains("orders", "orders-audit");
            }
        }
    }

    static final String METER_LAG = "async.kafka.consumer.lag";
    static final String METER_REBALANCES = "async.kafka.consumer.rebalances";
    static final String PROMETHEUS_LAG = "async_kafka_consumer_lag_records";

    /** The full series names in the "Prometheus series" column of README's metrics table. */
    private static List<String> readmePrometheusSeries() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("| `async.kafka.")) {
                Matcher m = Pattern.compile("`(async_kafka_[a-z_]+)`").matcher(line.split(" \\| ")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private JsonNode post(App app, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(app.uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String get(App app, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(app.uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private JsonNode getJson(App app, String path) throws Exception {
        return JSON.readTree(get(app, path));
    }

    private JsonNode awaitJson(App app, String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PROCESSING.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(app.uri(path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode node = JSON.readTree(response.body());
                if (condition.test(node)) {
                    return node;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + path + " never matched; last answer: " + last + "\napp log:\n" + app.log());
    }

    /** The packaged app in its own JVM, stopped (SIGTERM, graceful shutdown) on close. */
    private record App(Process process, int port, Path logFile) implements AutoCloseable {
        static App start(Map<String, String> environment) throws Exception {
            return start(environment, List.of());
        }

        static App start(Map<String, String> environment, List<String> jvmArguments) throws Exception {
            Path jar = Path.of(System.getProperty("sample.jar", "target/async-kafka-sample-app.jar"));
            assertThat(jar)
                    .as("packaged sample app (run the package phase first)")
                    .exists();
            int port = freePort();
            Path log = Files.createTempFile("sample-app-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArguments);
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("ASYNC_KAFKA_BOOTSTRAP_SERVERS");
            builder.environment().putAll(environment);
            App app = new App(builder.start(), port, log);
            app.awaitUp();
            return app;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "(log unreadable: " + e + ")";
            }
        }

        private void awaitUp() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("sample app exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(uri("/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // keep waiting
                }
                Thread.sleep(500);
            }
            process.destroyForcibly();
            throw new AssertionError("sample app not healthy within " + STARTUP + ":\n" + log());
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            boolean exited;
            try {
                exited = process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return;
            }
            if (!exited) {
                process.destroyForcibly();
                throw new AssertionError("sample app did not shut down within 60 s of SIGTERM:\n" + log());
            }
            Files.deleteIfExists(logFile);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
