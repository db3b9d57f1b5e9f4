package dev.asynckafka.benchmarks;

import dev.asynckafka.benchmarks.ScenarioWorker.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Medians per client, ratios, and the machine description. */
final class Report {
    record Row(String scenario, String metric, double ours, double theirs, String note) {}

    private final List<Row> rows;
    private final int reps;
    private final double scale;
    private final double seconds;

    Report(List<Row> rows, int reps, double scale, double seconds) {
        this.rows = rows;
        this.reps = reps;
        this.scale = scale;
        this.seconds = seconds;
    }

    static List<Row> rows(String scenario, Map<Client, List<Map<String, Double>>> results, Map<Client, String> errors) {
        Set<String> metrics = new LinkedHashSet<>();
        results.values().forEach(list -> list.forEach(m -> metrics.addAll(m.keySet())));
        List<Row> rows = new ArrayList<>();
        String note = errors.isEmpty() ? "" : errors.toString();
        if (metrics.isEmpty()) {
            rows.add(new Row(scenario, "-", Double.NaN, Double.NaN, note));
        }
        for (String metric : metrics) {
            if (metric.equals("samples")) {
                continue;
            }
            rows.add(new Row(
                    scenario,
                    metric,
                    median(results.get(Client.ASYNC_KAFKA), metric),
                    median(results.get(Client.KAFKA_CLIENTS), metric),
                    note));
        }
        return rows;
    }

    private static double median(List<Map<String, Double>> runs, String metric) {
        if (runs == null || runs.isEmpty()) {
            return Double.NaN;
        }
        double[] values = runs.stream()
                .map(m -> m.getOrDefault(metric, Double.NaN))
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | metric | async-kafka | kafka-clients | ratio ours/theirs |\n");
        sb.append("|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append("| ")
                    .append(r.scenario())
                    .append(" | ")
                    .append(r.metric())
                    .append(" | ")
                    .append(format(r.ours()))
                    .append(" | ")
                    .append(format(r.theirs()))
                    .append(" | ")
                    .append(
                            Double.isNaN(r.ours()) || Double.isNaN(r.theirs())
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.2f", r.ours() / r.theirs()))
                    .append(r.note().isEmpty() ? "" : " (" + r.note() + ")")
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    void write(Path path) throws IOException {
        String md = "# Benchmark results\n\n"
                + "Produced by `mvn -B -Pbench -pl benchmarks -am verify -DskipTests` on " + LocalDate.now() + ".\n\n"
                + "- Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- Broker: Apache Kafka 4.1.2, single node, in its own JVM on the same machine\n"
                + "- Settings (both clients): " + Settings.describe() + "\n"
                + "- Method: each run in a fresh client JVM, one warm-up pair, then " + reps
                + " repetitions interleaved A B A B; medians shown; scale " + scale + "; total " + Math.round(seconds)
                + " s\n\n"
                + "Higher is better for records/s; lower is better for CPU, allocation and latency.\n\n"
                + table();
        Files.writeString(path, md, StandardCharsets.UTF_8);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    @Override
    public String toString() {
        return Arrays.toString(rows.toArray());
    }
}
