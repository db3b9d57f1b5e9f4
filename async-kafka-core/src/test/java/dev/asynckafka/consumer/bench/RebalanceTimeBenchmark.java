package dev.asynckafka.consumer.bench;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebalance time when a 4th member joins a group of 3 on a 12-partition topic: from creating the
 * 4th consumer until the four hold 3 partitions each. async-kafka and kafka-clients, each with the
 * classic and the consumer (KIP-848) protocol, interleaved in rounds against the same in-process
 * broker. Classic members heartbeat every 500 ms and the broker tells consumer-protocol members to
 * do the same ({@code group.consumer.heartbeat.interval.ms=500}), so neither protocol waits on a
 * longer heartbeat. Default assignors on the classic protocol (range, cooperative-sticky: eager),
 * the broker's default (uniform) on the consumer protocol. Not part of the test suite; run by hand:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.asynckafka.consumer.bench.RebalanceTimeBenchmark [rounds]
 * </pre>
 */
public final class RebalanceTimeBenchmark {
    private static final String TOPIC = "rebalance";
    private static final int PARTITIONS = 12;

    private RebalanceTimeBenchmark() {}

    /** A group member whose assignment can be read from any thread. */
    private interface Member extends AutoCloseable {
        Set<String> assignment();

        /** Stops polling and closes the consumer; fails unchecked. */
        @Override
        void close();
    }

    /** Runs a closing step, turning its checked failures into unchecked ones. */
    private interface Step {
        void run() throws Exception;
    }

    private static void unchecked(Step step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Variant {
        OURS_CLASSIC,
        OURS_CONSUMER,
        KAFKA_CLIENTS_CLASSIC,
        KAFKA_CLIENTS_CONSUMER
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .brokers(1)
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.consumer.min.heartbeat.interval.ms", "500")
                .brokerProperty("group.consumer.heartbeat.interval.ms", "500")
                .topic(TOPIC, PARTITIONS)
                .build()
                .start()) {
            String bootstrap = kafka.bootstrapServers();
            Map<Variant, List<Long>> results = new LinkedHashMap<>();
            int group = 0;
            for (Variant v : Variant.values()) {
                measure(bootstrap, v, "warm-up-" + group++); // warm-up, not counted
            }
            for (int r = 0; r < rounds; r++) {
                for (Variant v : Variant.values()) {
                    long ms = measure(bootstrap, v, "g" + group++);
                    results.computeIfAbsent(v, k -> new ArrayList<>()).add(ms);
                    System.out.printf("round %d %-24s 3->4 members: %d ms%n", r + 1, v, ms);
                }
            }
            results.forEach((v, list) -> {
                List<Long> sorted = list.stream().sorted().toList();
                System.out.printf("median %-24s %d ms (runs %s)%n", v, sorted.get(sorted.size() / 2), list);
            });
        }
    }

    private static long measure(String bootstrap, Variant v, String groupId) throws Exception {
        List<Member> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(member(bootstrap, v, groupId));
            }
            waitBalanced(members, 4);
            long start = System.nanoTime();
            members.add(member(bootstrap, v, groupId));
            waitBalanced(members, 3);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            for (Member m : members) {
                m.close();
            }
        }
    }

    private static void waitBalanced(List<Member> members, int each) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            Set<String> union = new HashSet<>();
            boolean ok = true;
            for (Member m : members) {
                Set<String> a = m.assignment();
                ok &= a.size() == each;
                union.addAll(a);
            }
            if (ok && union.size() == PARTITIONS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the group did not balance to " + each + " partitions each");
            }
            Thread.sleep(2);
        }
    }

    private static Member member(String bootstrap, Variant v, String groupId) {
        return switch (v) {
            case OURS_CLASSIC -> ours(bootstrap, groupId, GroupProtocol.CLASSIC);
            case OURS_CONSUMER -> ours(bootstrap, groupId, GroupProtocol.CONSUMER);
            case KAFKA_CLIENTS_CLASSIC -> theirs(bootstrap, groupId, "classic");
            case KAFKA_CLIENTS_CONSUMER -> theirs(bootstrap, groupId, "consumer");
        };
    }

    private static Member ours(String bootstrap, String groupId, GroupProtocol protocol) {
        ConsumerOptions options = ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .groupId(groupId)
                .groupProtocol(protocol)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .heartbeatInterval(Duration.ofMillis(500))
                .sessionTimeout(Duration.ofSeconds(10))
                .build();
        AsyncKafkaConsumer<byte[], byte[]> c =
                AsyncKafkaConsumer.create(options, Deserializers.byteArray(), Deserializers.byteArray());
        c.subscribe(List.of(TOPIC));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get()) {
                try {
                    c.getMany(Duration.ofMillis(100)).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // keep polling until closed
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
        return new Member() {
            @Override
            public Set<String> assignment() {
                Set<String> out = new HashSet<>();
                for (TopicPartition tp : c.assignment()) {
                    out.add(tp.toString());
                }
                return out;
            }

            @Override
            public void close() {
                unchecked(() -> {
                    running.set(false);
                    poller.join(10_000);
                    c.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
                });
            }
        };
    }

    private static Member theirs(String bootstrap, String groupId, String protocol) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (protocol.equals("classic")) {
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        }
        Set<String> assignment = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(TOPIC));
                while (running.get()) {
                    c.poll(Duration.ofMillis(20));
                    Set<String> now = new HashSet<>();
                    c.assignment().forEach(tp -> now.add(tp.topic() + "-" + tp.partition()));
                    assignment.retainAll(now);
                    assignment.addAll(now);
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
        return new Member() {
            @Override
            public Set<String> assignment() {
                return Set.copyOf(assignment);
            }

            @Override
            public void close() {
                unchecked(() -> {
                    running.set(false);
                    poller.join(30_000);
                });
            }
        };
    }
}
