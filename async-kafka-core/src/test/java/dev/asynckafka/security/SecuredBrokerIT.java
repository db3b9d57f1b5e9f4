package dev.asynckafka.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.internal.network.BrokerConnection;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SASL over TLS against a real broker: every mechanism, re-authentication, wrong credentials, and
 * no secret in any log line or message.
 */
@Timeout(120)
class SecuredBrokerIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-Secret-42";
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslSsl()
                        .mechanisms("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER")
                        .user(USER, PASSWORD)
                        .reauthenticationMs(2000)
                        .build())
                .start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static ClientOptions options(SaslOptions sasl) {
        return ClientOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .securityProtocol(SecurityProtocol.SASL_SSL)
                .ssl(SslOptions.builder()
                        .trustCertificatesPem(kafka.certificates().caCertificatePem())
                        .build())
                .sasl(sasl)
                .build();
    }

    static OAuthBearerTokenProvider unsecuredJwt(String subject) {
        return () -> {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            long now = Instant.now().getEpochSecond();
            String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
            String claims = b64.encodeToString(
                    ("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                            .getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(
                    new OAuthBearerToken(header + "." + claims + ".", Instant.ofEpochSecond(now + 3600), Map.of()));
        };
    }

    private static void adminWorks(SaslOptions sasl, String topic) throws Exception {
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(options(sasl)))) {
            admin.createTopic(new NewTopic(topic, 2, (short) 1)).get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains(topic);
            assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).nodes())
                    .hasSize(1);
        }
    }

    @Test
    void plainOverTls() throws Exception {
        adminWorks(SaslOptions.plain(USER, Password.of(PASSWORD)), "sec-plain");
    }

    @Test
    void scramSha256OverTls() throws Exception {
        adminWorks(SaslOptions.scramSha256(USER, Password.of(PASSWORD)), "sec-scram-256");
    }

    @Test
    void scramSha512OverTls() throws Exception {
        adminWorks(SaslOptions.scramSha512(USER, Password.of(PASSWORD)), "sec-scram-512");
    }

    @Test
    void oauthBearerOverTls() throws Exception {
        adminWorks(SaslOptions.oauthBearer(unsecuredJwt(USER)), "sec-oauth");
    }

    @Test
    void producerAndConsumerWorkAcrossReauthentications() throws Exception {
        // Sessions last 2 s: producing and consuming for longer crosses several re-authentications.
        ClientOptions client = options(SaslOptions.scramSha256(USER, Password.of(PASSWORD)));
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client))) {
            admin.createTopic(new NewTopic("sec-flow", 2, (short) 1)).get(30, TimeUnit.SECONDS);
        }
        AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(ProducerOptions.of(client), Serializers.string(), Serializers.string());
        AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                ConsumerOptions.builder(client)
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .build(),
                Deserializers.string(),
                Deserializers.string());
        try {
            List<TopicPartition> tps = List.of(new TopicPartition("sec-flow", 0), new TopicPartition("sec-flow", 1));
            consumer.assign(tps);
            int total = 300;
            Map<Integer, List<Long>> seen = new java.util.HashMap<>();
            int received = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < total; i++) {
                producer.send(new ProducerRecord<>("sec-flow", i % 2, "k" + i, "v" + i))
                        .get(30, TimeUnit.SECONDS);
                if (i % 50 == 0) {
                    Thread.sleep(300);
                }
            }
            while (received < total && System.nanoTime() < end) {
                for (var r : consumer.getMany(Duration.ofSeconds(1), 100).get(30, TimeUnit.SECONDS)) {
                    seen.computeIfAbsent(r.partition(), p -> new java.util.ArrayList<>())
                            .add(r.offset());
                    received++;
                }
            }
            assertThat(received).isEqualTo(total);
            for (List<Long> offsets : seen.values()) {
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i))
                            .as("in order, no gaps, no duplicates")
                            .isEqualTo(i);
                }
            }
        } finally {
            producer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionReauthenticatesBeforeTheSessionExpires() throws Exception {
        // The broker grants 2 s sessions and closes connections that outlive them; one connection
        // used for 9 s must therefore re-authenticate several times without a failure or reconnect.
        ClientOptions options = options(SaslOptions.scramSha512(USER, Password.of(PASSWORD)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = group.next();
        ConnectionPool pool = new ConnectionPool(loop, options);
        try {
            String[] hp = kafka.bootstrapServers().split(":");
            Node node = new Node(-1, hp[0], Integer.parseInt(hp[1]), null);
            BrokerConnection first = CompletableFuture.supplyAsync(
                            () -> pool.connection(node, TrafficClass.CONTROL), loop)
                    .get(10, TimeUnit.SECONDS);
            first.ready().get(20, TimeUnit.SECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
            int answered = 0;
            while (System.nanoTime() < end) {
                MetadataResponse r = pool.<MetadataResponse>send(
                                node, TrafficClass.CONTROL, new MetadataRequest().setTopics(List.of()))
                        .get(10, TimeUnit.SECONDS);
                assertThat(r.brokers()).hasSize(1);
                answered++;
                Thread.sleep(100);
            }
            BrokerConnection last = CompletableFuture.supplyAsync(
                            () -> pool.connection(node, TrafficClass.CONTROL), loop)
                    .get(10, TimeUnit.SECONDS);
            assertThat(last).as("the same connection throughout").isSameAs(first);
            assertThat(first.closeFuture()).isNotDone();
            assertThat(answered).isGreaterThan(20);
        } finally {
            pool.close(new KafkaException("test over"));
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void wrongPasswordFailsFastWithoutLeakingTheSecret() throws Exception {
        String wrong = "Not-The-Password-7731";
        try (LogCapture logs = LogCapture.open()) {
            for (SaslOptions sasl : List.of(
                    SaslOptions.scramSha256(USER, Password.of(wrong)),
                    SaslOptions.scramSha512(USER, Password.of(wrong)),
                    SaslOptions.plain(USER, Password.of(wrong)))) {
                try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.builder(options(sasl))
                        .defaultApiTimeout(Duration.ofSeconds(60))
                        .build())) {
                    long start = System.nanoTime();
                    Throwable error = failure(admin.listTopics());
                    assertThat(error)
                            .isInstanceOf(SaslAuthenticationException.class)
                            .hasMessageContaining(sasl.mechanism().mechanismName())
                            .hasMessageContaining(USER);
                    assertThat(((KafkaException) error).isRetriable()).isFalse();
                    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                            .as("fails at once instead of retrying until the API timeout")
                            .isLessThan(30);
                    assertNoSecret(error, wrong);
                    assertNoSecret(error, PASSWORD);
                }
            }
            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains(wrong) || l.contains(PASSWORD));
        }
    }

    private static void assertNoSecret(Throwable error, String secret) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }

    static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
