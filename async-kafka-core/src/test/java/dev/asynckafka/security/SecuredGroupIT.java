package dev.asynckafka.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerInternals;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Producer, consumer group and admin over TLS and every SASL mechanism, and a group member whose
 * coordinator, fetch and control connections re-authenticate many times while records, heartbeats
 * and commits flow.
 *
 * <p>The SASL broker grants 3 s sessions (KIP-368), so every SASL case crosses re-authentications.
 */
@Timeout(180)
class SecuredGroupIT {
    private static final String USER = "erin";
    private static final String PASSWORD = "erin-Group-Secret-5";
    private static final int PARTITIONS = 4;
    private static final int PER_BATCH = 100;

    private static EmbeddedKafkaCluster tlsBroker;
    private static EmbeddedKafkaCluster saslBroker;

    enum Setup {
        SSL,
        SASL_SSL_PLAIN,
        SASL_SSL_SCRAM_SHA_256,
        SASL_SSL_SCRAM_SHA_512,
        SASL_SSL_OAUTHBEARER
    }

    @BeforeAll
    static void startBrokers() {
        tlsBroker = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.ssl().build())
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .start();
        saslBroker = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslSsl()
                        .mechanisms("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER")
                        .user(USER, PASSWORD)
                        .reauthenticationMs(3000)
                        .build())
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .start();
    }

    @AfterAll
    static void stopBrokers() {
        if (tlsBroker != null) {
            tlsBroker.close();
        }
        if (saslBroker != null) {
            saslBroker.close();
        }
    }

    private static ClientOptions options(Setup setup) {
        EmbeddedKafkaCluster broker = setup == Setup.SSL ? tlsBroker : saslBroker;
        ClientOptions.Builder b = ClientOptions.builder()
                .bootstrapServers(broker.bootstrapServers())
                .clientId("secured-" + setup.name().toLowerCase(java.util.Locale.ROOT))
                .ssl(SslOptions.builder()
                        .trustCertificatesPem(broker.certificates().caCertificatePem())
                        .build());
        Password password = Password.of(PASSWORD);
        return switch (setup) {
            case SSL -> b.securityProtocol(SecurityProtocol.SSL).build();
            case SASL_SSL_PLAIN ->
                b.securityProtocol(SecurityProtocol.SASL_SSL)
                        .sasl(SaslOptions.plain(USER, password))
                        .build();
            case SASL_SSL_SCRAM_SHA_256 ->
                b.securityProtocol(SecurityProtocol.SASL_SSL)
                        .sasl(SaslOptions.scramSha256(USER, password))
                        .build();
            case SASL_SSL_SCRAM_SHA_512 ->
                b.securityProtocol(SecurityProtocol.SASL_SSL)
                        .sasl(SaslOptions.scramSha512(USER, password))
                        .build();
            case SASL_SSL_OAUTHBEARER ->
                b.securityProtocol(SecurityProtocol.SASL_SSL)
                        .sasl(SaslOptions.oauthBearer(SecuredBrokerIT.unsecuredJwt(USER)))
                        .build();
        };
    }

    private static AsyncKafkaConsumer<String, String> member(ClientOptions client, String groupId) {
        return AsyncKafkaConsumer.create(
                ConsumerOptions.builder(client)
                        .groupId(groupId)
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .enableAutoCommit(false)
                        .sessionTimeout(Duration.ofSeconds(10))
                        .heartbeatInterval(Duration.ofMillis(500))
                        .rebalanceTimeout(Duration.ofSeconds(15))
                        .build(),
                Deserializers.string(),
                Deserializers.string());
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void adminProducerAndConsumerGroupWork(Setup setup) throws Exception {
        ClientOptions client = options(setup);
        String topic =
                "secured-" + setup.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String groupId = topic + "-group";
        List<TopicPartition> tps = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client))) {
            admin.createTopic(new NewTopic(topic, PARTITIONS, (short) 1)).get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains(topic);
        }
        AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(ProducerOptions.of(client), Serializers.string(), Serializers.string());
        AsyncKafkaConsumer<String, String> first = member(client, groupId);
        AsyncKafkaConsumer<String, String> second = member(client, groupId);
        try {
            send(producer, topic, "first-");
            first.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
            Map<String, Integer> seen = new HashMap<>();
            Map<TopicPartition, Long> next = new HashMap<>();
            readUntil(List.of(first), seen, next, () -> seen.size() == PER_BATCH);
            assertThat(seen.keySet()).isEqualTo(values("first-"));
            assertThat(seen.values()).as("each record once").containsOnly(1);
            commitAndCheck(first, next, tps);

            // A second member joins: the group rebalances over the secured connections, and it
            // starts where the first committed.
            second.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
            readUntil(List.of(first, second), seen, next, () -> splitsTheTopic(first, second, tps));
            send(producer, topic, "second-");
            readUntil(List.of(first, second), seen, next, () -> seen.size() == 2 * PER_BATCH);
            Set<String> all = new HashSet<>(values("first-"));
            all.addAll(values("second-"));
            assertThat(seen.keySet()).isEqualTo(all);
            assertThat(seen.values()).as("nothing lost, nothing read twice").containsOnly(1);
            assertThat(first.assignment()).doesNotContainAnyElementsOf(second.assignment());
            Map<TopicPartition, Long> firstPart = new HashMap<>(next);
            firstPart.keySet().retainAll(first.assignment());
            Map<TopicPartition, Long> secondPart = new HashMap<>(next);
            secondPart.keySet().retainAll(second.assignment());
            commit(first, firstPart);
            commit(second, secondPart);
            assertThat(offsets(second.committed(Set.copyOf(tps)).get(30, TimeUnit.SECONDS)))
                    .isEqualTo(second.endOffsets(tps).get(30, TimeUnit.SECONDS));
        } finally {
            producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            first.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            second.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void groupMemberConsumesAndCommitsAcrossReauthentications() throws Exception {
        ClientOptions client = options(Setup.SASL_SSL_OAUTHBEARER);
        String topic = "reauth-stream";
        List<TopicPartition> tps = IntStream.range(0, 3)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client))) {
            admin.createTopic(new NewTopic(topic, 3, (short) 1)).get(30, TimeUnit.SECONDS);
        }
        AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(ProducerOptions.of(client), Serializers.string(), Serializers.string());
        AsyncKafkaConsumer<String, String> consumer = member(client, "reauth-group");
        AtomicBoolean producing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> sends = new ConcurrentLinkedQueue<>();
        Thread stream = new Thread(() -> {
            int i = 0;
            while (producing.get()) {
                sends.add(producer.send(new ProducerRecord<>(topic, "k" + i, "r" + i)));
                i++;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (LogCapture logs = LogCapture.openAtInfo()) {
            consumer.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
            stream.start();
            Map<String, Integer> seen = new HashMap<>();
            Map<TopicPartition, Long> next = new HashMap<>();
            int commits = 0;
            // Sessions last 3 s: run until the coordinator connection re-authenticated several
            // times while heartbeats and a commit after every batch went over it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (ConsumerInternals.reauthentications(consumer, TrafficClass.GROUP) < 4
                    && System.nanoTime() < deadline) {
                if (readOnce(consumer, seen, next)) {
                    commit(consumer, next);
                    commits++;
                }
            }
            producing.set(false);
            stream.join(TimeUnit.SECONDS.toMillis(30));
            Set<String> produced = new HashSet<>();
            for (CompletableFuture<RecordMetadata> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < sends.size(); i++) {
                produced.add("r" + i);
            }
            readUntil(List.of(consumer), seen, next, () -> seen.size() >= produced.size());
            commitAndCheck(consumer, next, tps);

            assertThat(ConsumerInternals.reauthentications(consumer, TrafficClass.GROUP))
                    .as("coordinator connection re-authentications")
                    .isGreaterThanOrEqualTo(4);
            assertThat(ConsumerInternals.reauthentications(consumer, TrafficClass.CONTROL)
                            + ConsumerInternals.reauthentications(consumer, TrafficClass.FETCH)
                            + ConsumerInternals.reauthentications(consumer, TrafficClass.FETCH_LONG_POLL))
                    .as("fetch and control connection re-authentications")
                    .isPositive();
            assertThat(commits).isPositive();
            assertThat(seen.keySet()).isEqualTo(produced);
            assertThat(seen.values()).as("nothing lost, nothing read twice").containsOnly(1);
            assertThat(logs.lines())
                    .as("no connection was closed and no rebalance happened")
                    .noneMatch(l -> l.matches("Connection to .* closed: .*"))
                    .filteredOn(l -> l.contains("joined generation"))
                    .hasSize(1);
            assertThat(logs.clientProblems()).isEmpty();
        } finally {
            producing.set(false);
            stream.join(TimeUnit.SECONDS.toMillis(30));
            producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            consumer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(AsyncKafkaProducer<String, String> producer, String topic, String prefix)
            throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < PER_BATCH; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, prefix + i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static Set<String> values(String prefix) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < PER_BATCH; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Both members hold disjoint, non-empty shares covering every partition. */
    private static boolean splitsTheTopic(
            AsyncKafkaConsumer<String, String> a, AsyncKafkaConsumer<String, String> b, List<TopicPartition> tps) {
        Set<TopicPartition> sa = a.assignment();
        Set<TopicPartition> sb = b.assignment();
        Set<TopicPartition> union = new HashSet<>(sa);
        union.addAll(sb);
        return !sa.isEmpty() && !sb.isEmpty() && sa.size() + sb.size() == tps.size() && union.containsAll(tps);
    }

    /**
     * Polls the consumers in turn until the condition holds (a hang guard of 60 s), counting every
     * value received and checking each partition's offsets follow on without gaps.
     */
    private static void readUntil(
            List<AsyncKafkaConsumer<String, String>> consumers,
            Map<String, Integer> seen,
            Map<TopicPartition, Long> next,
            BooleanSupplier done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("timed out, %d values so far", seen.size())
                    .isLessThan(deadline);
            for (AsyncKafkaConsumer<String, String> c : consumers) {
                readOnce(c, seen, next);
            }
        }
    }

    private static boolean readOnce(
            AsyncKafkaConsumer<String, String> consumer, Map<String, Integer> seen, Map<TopicPartition, Long> next)
            throws Exception {
        boolean any = false;
        for (ConsumerRecord<String, String> r :
                consumer.getMany(Duration.ofMillis(200), 200).get(30, TimeUnit.SECONDS)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long expected = next.getOrDefault(tp, 0L);
            assertThat(r.offset()).as("offset in %s", tp).isEqualTo(expected);
            next.put(tp, r.offset() + 1);
            seen.merge(r.value(), 1, Integer::sum);
            any = true;
        }
        return any;
    }

    private static void commit(AsyncKafkaConsumer<String, String> consumer, Map<TopicPartition, Long> next)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        consumer.commit(offsets).get(30, TimeUnit.SECONDS);
    }

    /** Commits and reads the commits back: they equal the end offsets of every partition. */
    private static void commitAndCheck(
            AsyncKafkaConsumer<String, String> consumer, Map<TopicPartition, Long> next, List<TopicPartition> tps)
            throws Exception {
        commit(consumer, next);
        Map<TopicPartition, Long> committed =
                offsets(consumer.committed(Set.copyOf(tps)).get(30, TimeUnit.SECONDS));
        assertThat(committed).isEqualTo(consumer.endOffsets(tps).get(30, TimeUnit.SECONDS));
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> out = new HashMap<>();
        committed.forEach((tp, om) -> out.put(tp, om.offset()));
        return out;
    }
}
