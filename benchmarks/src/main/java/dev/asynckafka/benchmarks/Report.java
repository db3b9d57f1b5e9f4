package dev.asynckafka.benchmarks;

import dev.asynckafka.benchmarks.ScenarioWorker.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Medians per client, ratios, and the machine description. */
final class Report {
    /**
     * One metric of one scenario: the median of each client, in the order of {@code clients}; the
     * first client is ours, the ratios are the first's median over each other's.
     */
    record Row(String scenario, String metric, List<Client> clients, double[] medians, String note) {}

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

    static List<Row> rows(
            String scenario,
            List<Client> clients,
            Map<Client, List<Map<String, Double>>> results,
            Map<Client, String> errors) {
        Set<String> metrics = new LinkedHashSet<>();
        results.values().forEach(list -> list.forEach(m -> metrics.addAll(m.keySet())));
        List<Row> rows = new ArrayList<>();
        String note = errors.isEmpty() ? "" : errors.toString();
        if (metrics.isEmpty()) {
            double[] none = new double[clients.size()];
            Arrays.fill(none, Double.NaN);
            rows.add(new Row(scenario, "-", clients, none, note));
        }
        for (String metric : metrics) {
            if (metric.equals("samples")) {
                continue;
            }
            double[] medians = new double[clients.size()];
            for (int i = 0; i < medians.length; i++) {
                medians[i] = median(results.get(clients.get(i)), metric);
            }
            rows.add(new Row(scenario, metric, clients, medians, note));
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

    /** One table per set of compared clients, in the order their scenarios ran. */
    String table() {
        Map<List<Client>, List<Row>> byClients = new LinkedHashMap<>();
        for (Row r : rows) {
            byClients.computeIfAbsent(r.clients(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        byClients.forEach((clients, group) -> {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            table(sb, clients, group);
        });
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Client> clients, List<Row> group) {
        sb.append("| scenario | metric |");
        for (Client c : clients) {
            sb.append(' ').append(c.label()).append(" |");
        }
        if (clients.size() == 2) {
            sb.append(" ratio ours/theirs |");
        } else {
            for (Client c : clients.subList(1, clients.size())) {
                sb.append(" ratio ")
                        .append(clients.get(0).label())
                        .append('/')
                        .append(c.label())
                        .append(" |");
            }
        }
        sb.append("\n|---|---|").append("---:|".repeat(2 * clients.size() - 1)).append('\n');
        for (Row r : group) {
            sb.append("| ")
                    .append(r.scenario())
                    .append(" | ")
                    .append(r.metric())
                    .append(" |");
            for (double v : r.medians()) {
                sb.append(' ').append(format(v)).append(" |");
            }
            double ours = r.medians()[0];
            for (int i = 1; i < r.medians().length; i++) {
                double theirs = r.medians()[i];
                sb.append(' ')
                        .append(
                                Double.isNaN(ours) || Double.isNaN(theirs)
                                        ? "n/a"
                                        : String.format(Locale.ROOT, "%.2f", ours / theirs));
                if (i == r.medians().length - 1 && !r.note().isEmpty()) {
                    sb.append(" (").append(r.note()).append(')');
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
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
                + "- Settings (every client): " + Settings.describe() + "\n"
                + "- Reactive rows: receive() with manual assignment and no group, send(Flux) with maxInFlight "
                + Settings.REACTIVE_MAX_IN_FLIGHT + " for both reactive senders; kafka-clients is the plain poll"
                + " loop / producer of the other rows; reactor-kafka runs on kafka-clients 3.9.2\n"
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
