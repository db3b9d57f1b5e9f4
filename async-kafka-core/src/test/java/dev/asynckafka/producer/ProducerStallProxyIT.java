package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 24's fault test, in-process: a 3-broker cluster whose brokers clients reach through a
 * {@link StallingProxy} each (brokers replicate directly). While records stream to 6 partitions,
 * the proxy of one partition leader holds all traffic for longer than {@code delivery.timeout.ms},
 * then lets it through late. Afterwards, read back with kafka-clients: every partition in send
 * order without duplicates, every acknowledged record present; partitions led by the other brokers
 * kept being acknowledged during the stall.
 *
 * <p>{@code -Dstall.repetitions=20} runs the scenario 20 times (one cluster, a topic per run).
 */
@Timeout(1800)
@ExtendWith(NettyLeakCheck.class)
class ProducerStallProxyIT {
    private static final int PARTITIONS = 6;
    private static final int BROKERS = 3;
    private static final long HEALTHY_P99_LIMIT_MS = 2000;

    @Test
    void aStalledLeaderNeitherReordersNorDuplicatesNorHoldsBackTheOthers() throws Exception {
        int repetitions = Integer.getInteger("stall.repetitions", 1);
        List<StallingProxy> proxies = new ArrayList<>();
        Map<Integer, Integer> advertised = new HashMap<>();
        for (int id = 0; id < BROKERS; id++) {
            StallingProxy p = new StallingProxy();
            proxies.add(p);
            advertised.put(id, p.port());
        }
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .brokers(BROKERS)
                .advertisedClientPorts(advertised)
                .brokerProperty("min.insync.replicas", "2")
                .start()) {
            for (int id = 0; id < BROKERS; id++) {
                proxies.get(id).target(kafka.clientListenerPort(id));
            }
            for (int run = 0; run < repetitions; run++) {
                runOnce(kafka, proxies, "stall-" + run);
            }
        } finally {
            for (StallingProxy p : proxies) {
                p.close();
            }
        }
    }

    private static void runOnce(EmbeddedKafkaCluster kafka, List<StallingProxy> proxies, String topic)
            throws Exception {
        kafka.createTopic(topic, PARTITIONS, (short) 3);
        String bootstrap = kafka.bootstrapServers();
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .requestTimeout(Duration.ofSeconds(2))
                        .build())
                .deliveryTimeout(Duration.ofSeconds(6))
                .build();
        AsyncKafkaProducer<Integer, Long> producer =
                AsyncKafkaProducer.create(options, Serializers.integer(), Serializers.longValue());
        int stalledBroker;
        boolean[] healthy = new boolean[PARTITIONS];
        List<long[]> healthyStallLatencies = new ArrayList<>();
        long[] next = new long[PARTITIONS];
        List<List<CompletableFuture<RecordMetadata>>> futures = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            futures.add(new ArrayList<>());
        }
        AtomicLong failed = new AtomicLong();
        try {
            List<PartitionInfo> infos = producer.partitionsFor(topic).get(60, TimeUnit.SECONDS);
            stalledBroker = infos.get(0).leader().id();
            for (PartitionInfo info : infos) {
                healthy[info.partition()] = info.leader().id() != stalledBroker;
            }
            long start = System.nanoTime();
            long stallFrom = start + TimeUnit.SECONDS.toNanos(2);
            long stallUntil = stallFrom + TimeUnit.SECONDS.toNanos(8);
            long end = stallUntil + TimeUnit.SECONDS.toNanos(3);
            boolean stalling = false;
            // About 1,500 records/s over 6 partitions, in ticks of 10 ms.
            for (long tick = start; tick < end; tick += TimeUnit.MILLISECONDS.toNanos(10)) {
                long now = System.nanoTime();
                if (!stalling && now >= stallFrom && now < stallUntil) {
                    proxies.get(stalledBroker).stall();
                    stalling = true;
                } else if (stalling && now >= stallUntil) {
                    proxies.get(stalledBroker).release();
                    stalling = false;
                }
                for (int i = 0; i < 15; i++) {
                    int p = i % PARTITIONS;
                    long sentAt = System.nanoTime();
                    boolean duringStall = stalling && healthy[p];
                    CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, p, p, next[p]++));
                    f.whenComplete((m, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        } else if (duringStall) {
                            synchronized (healthyStallLatencies) {
                                healthyStallLatencies.add(new long[] {System.nanoTime() - sentAt});
                            }
                        }
                    });
                    futures.get(p).add(f);
                }
                long sleep = tick + TimeUnit.MILLISECONDS.toNanos(10) - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            proxies.get(stalledBroker).release();
            producer.flush().get(120, TimeUnit.SECONDS);
        } finally {
            proxies.forEach(StallingProxy::release);
            producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
        }
        boolean[][] acked = new boolean[PARTITIONS][];
        long ackedCount = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<CompletableFuture<RecordMetadata>> fs = futures.get(p);
            acked[p] = new boolean[fs.size()];
            for (int i = 0; i < fs.size(); i++) {
                acked[p][i] = fs.get(i).isDone() && !fs.get(i).isCompletedExceptionally();
                ackedCount += acked[p][i] ? 1 : 0;
            }
        }
        long[] last = new long[PARTITIONS];
        Arrays.fill(last, -1);
        boolean[][] seen = new boolean[PARTITIONS][];
        for (int p = 0; p < PARTITIONS; p++) {
            seen[p] = new boolean[(int) next[p]];
        }
        long[] reordered = new long[1];
        long read = TopicReader.readAll(bootstrap, topic, r -> {
            int p = r.partition();
            long value = ByteBuffer.wrap(r.value()).getLong();
            if (value <= last[p]) {
                reordered[0]++;
            }
            last[p] = Math.max(last[p], value);
            seen[p][(int) value] = true;
        });
        long missingAcked = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < acked[p].length; i++) {
                if (acked[p][i] && !seen[p][i]) {
                    missingAcked++;
                }
            }
        }
        long[] latencies =
                healthyStallLatencies.stream().mapToLong(a -> a[0]).sorted().toArray();
        long p99 = latencies.length == 0
                ? -1
                : TimeUnit.NANOSECONDS.toMillis(
                        latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)]);
        System.out.printf(
                "%s: stalled broker %d; sent %d, acknowledged %d, failed %d, read %d, reordered or duplicated %d,"
                        + " acknowledged but missing %d; healthy partitions during the stall: %d acks, p99 %d ms%n",
                topic,
                stalledBroker,
                Arrays.stream(next).sum(),
                ackedCount,
                failed.get(),
                read,
                reordered[0],
                missingAcked,
                latencies.length,
                p99);
        assertThat(reordered[0]).as("records out of send order or duplicated").isZero();
        assertThat(missingAcked).as("acknowledged records missing").isZero();
        assertThat(latencies)
                .as("healthy partitions acknowledged during the stall")
                .isNotEmpty();
        assertThat(p99)
                .as("p99 ack latency of healthy partitions during the stall, ms")
                .isLessThanOrEqualTo(HEALTHY_P99_LIMIT_MS);
    }
}
