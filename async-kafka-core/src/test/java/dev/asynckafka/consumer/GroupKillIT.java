package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Members killed without LeaveGroup (a separate JVM, killed forcibly) five times: their
 * partitions move to the survivor after the session timeout, and with commits after processing
 * no record is lost; duplicates come only from the uncommitted tail of each killed member.
 */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"kills"},
        partitions = 6,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(300)
class GroupKillIT {
    private static final int KILLS = 5;
    private static final int PER_ROUND = 400;

    @Test
    void noRecordIsLostAcrossFiveKills(@BootstrapServers String bootstrap) throws Exception {
        ConsumerOptions survivorOptions = options(bootstrap)
                .groupId("kill-group")
                .sessionTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(300))
                .enableAutoCommit(false)
                .build();
        Map<String, Integer> victimSeen = new ConcurrentHashMap<>();
        int produced = 0;
        try (GroupTestMember survivor =
                        new GroupTestMember("survivor", survivorOptions, "kills", true).commitAfterProcessing();
                KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
            TestWaits.waitFor(
                    "survivor owns all partitions",
                    Duration.ofSeconds(90),
                    () -> survivor.assignment().size() == 6);
            for (int round = 0; round < KILLS; round++) {
                Process victim = startVictim(bootstrap);
                AtomicInteger victimRecords = new AtomicInteger();
                Thread reader = new Thread(() -> readVictim(victim, victimSeen, victimRecords));
                reader.setDaemon(true);
                reader.start();
                // Wait until the victim took partitions, then give it records to chew on.
                TestWaits.waitFor(
                        "victim joined",
                        Duration.ofSeconds(90),
                        () -> survivor.assignment().size() == 3);
                for (int i = 0; i < PER_ROUND; i++) {
                    producer.send(new ProducerRecord<>("kills", i % 6, null, "r" + round + "-" + i));
                }
                produced += PER_ROUND;
                producer.flush();
                TestWaits.waitFor("victim processed records", Duration.ofSeconds(90), () -> victimRecords.get() >= 20);
                victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // Its partitions come back to the survivor once the session times out.
                TestWaits.waitFor(
                        "survivor owns all partitions",
                        Duration.ofSeconds(90),
                        () -> survivor.assignment().size() == 6);
            }
            int total = produced;
            TestWaits.waitFor("every record consumed", Duration.ofSeconds(90), () -> {
                java.util.Set<String> all = new java.util.HashSet<>(survivor.seen.keySet());
                all.addAll(victimSeen.keySet());
                return all.size() == total;
            });
            Map<String, Integer> counts = new HashMap<>(victimSeen);
            survivor.seen.forEach((v, n) -> counts.merge(v, n, Integer::sum));
            long duplicates = counts.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "GroupKillIT: %d records, %d kills, %d processed by victims, %d duplicates%n",
                    total, KILLS, victimSeen.size(), duplicates);
            assertThat(counts).hasSize(total);
            assertThat(victimSeen).isNotEmpty();
            assertThat(survivor.events).noneMatch(e -> e.kind().equals("lost"));
        }
    }

    private static Process startVictim(String bootstrap) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KillVictimMain.class.getName(),
                bootstrap,
                "kills",
                "kill-group"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void readVictim(Process p, Map<String, Integer> seen, AtomicInteger count) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("REC ")) {
                    System.out.println("victim: " + line);
                } else {
                    seen.merge(line.substring(4), 1, Integer::sum);
                    count.incrementAndGet();
                }
            }
        } catch (Exception e) {
            // the process was killed
        }
    }
}
