package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.security.OAuthBearerToken;
import dev.asynckafka.security.OAuthBearerTokenProvider;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

/**
 * Security end to end in a Spring context: a SASL_SSL broker, TLS trust from a Boot SSL bundle,
 * SCRAM-SHA-512 and OAUTHBEARER credentials from {@code async-kafka.security.*}.
 */
@Timeout(180)
class SecuredAutoConfigurationIT {
    private static final String USER = "spring-user";
    private static final String PASSWORD = "Spring-Secret-5521";
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslSsl()
                        .mechanisms("SCRAM-SHA-512", "OAUTHBEARER")
                        .user(USER, PASSWORD)
                        .build())
                .start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static ApplicationContextRunner runner(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, SslAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "async-kafka.security.protocol=SASL_SSL",
                        "async-kafka.ssl.bundle=kafka",
                        "spring.ssl.bundle.pem.kafka.truststore.certificate=file:"
                                + kafka.certificates().caCertificateFile())
                .withPropertyValues(properties);
    }

    @SuppressWarnings("unchecked")
    private static AsyncKafkaProducer<Object, Object> producer(org.springframework.context.ApplicationContext c) {
        return (AsyncKafkaProducer<Object, Object>) c.getBeanProvider(
                        ResolvableType.forClassWithGenerics(AsyncKafkaProducer.class, Object.class, Object.class))
                .getObject();
    }

    @Test
    void producerConsumerGroupAndAdminWorkOverSaslSslWithScramAndAnSslBundle() {
        runner(
                        "async-kafka.security.sasl.mechanism=SCRAM-SHA-512",
                        "async-kafka.security.sasl.username=" + USER,
                        "async-kafka.security.sasl.password=" + PASSWORD,
                        "async-kafka.consumer.group-id=secured-group",
                        "async-kafka.consumer.auto-offset-reset=earliest")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ClientOptions client =
                            context.getBean(AsyncKafkaAdmin.class).options().client();
                    assertThat(client.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
                    assertThat(client.sasl().mechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_512);
                    assertThat(client.ssl().trustManagerFactory())
                            .as("trust from the SSL bundle")
                            .isNotNull();
                    assertThat(client.ssl().hostnameVerification()).isTrue();
                    assertThat(client.toString()).doesNotContain(PASSWORD);

                    String topic = "secured-orders";
                    context.getBean(AsyncKafkaAdmin.class)
                            .createTopic(new NewTopic(topic, 2, (short) 1))
                            .get(30, TimeUnit.SECONDS);
                    AsyncKafkaProducer<Object, Object> producer = producer(context);
                    for (int i = 0; i < 6; i++) {
                        producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "secret-value-" + i))
                                .get(30, TimeUnit.SECONDS);
                    }

                    AsyncKafkaConsumer<String, String> consumer = context.getBean(AsyncKafkaClientFactory.class)
                            .createConsumer(
                                    null,
                                    "secured",
                                    Map.of("enable.auto.commit", "false"),
                                    Deserializers.string(),
                                    Deserializers.string());
                    try {
                        assertThat(consumer.options().groupId()).isEqualTo("secured-group");
                        consumer.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
                        Map<String, String> received = new HashMap<>();
                        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        while (received.size() < 6 && System.nanoTime() < deadline) {
                            for (var r : consumer.getMany(Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS)) {
                                received.put(r.key(), r.value());
                                next.put(r.topicPartition(), new OffsetAndMetadata(r.offset() + 1));
                            }
                        }
                        assertThat(received).hasSize(6).containsEntry("k5", "secret-value-5");
                        consumer.commit(next).get(30, TimeUnit.SECONDS);
                        assertThat(consumer.committed(next.keySet()).get(30, TimeUnit.SECONDS).values().stream()
                                        .mapToLong(OffsetAndMetadata::offset)
                                        .sum())
                                .isEqualTo(6);
                    } finally {
                        consumer.closeAsync(Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
                    }

                    // The oracle, on the broker's plaintext listener, sees the same bytes.
                    List<ConsumerRecord<byte[], byte[]>> oracle =
                            KafkaClientsOracle.read(kafka.internalBootstrapServers(), topic, 6);
                    assertThat(oracle).hasSize(6);
                    for (ConsumerRecord<byte[], byte[]> r : oracle) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        assertThat(r.value()).isEqualTo(received(key));
                    }
                });
    }

    /**
     * Connection details for a secured cluster, as a service connection would give them: the
     * bootstrap servers, SASL_SSL and the trust bundle. The properties name another cluster and no
     * security at all, so only the details can make this work.
     */
    @Configuration(proxyBeanMethods = false)
    static class SecuredConnectionDetails {
        @Bean
        AsyncKafkaConnectionDetails securedKafka(SslBundles bundles) {
            SslBundle bundle = bundles.getBundle("kafka");
            List<String> servers = List.of(kafka.bootstrapServers().split(","));
            return new AsyncKafkaConnectionDetails() {
                @Override
                public List<String> getBootstrapServers() {
                    return servers;
                }

                @Override
                public SecurityProtocol getSecurityProtocol() {
                    return SecurityProtocol.SASL_SSL;
                }

                @Override
                public SslBundle getSslBundle() {
                    return bundle;
                }
            };
        }
    }

    @Test
    void connectionDetailsCarryTheSecurityProtocolAndSslBundle() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, SslAutoConfiguration.class))
                .withUserConfiguration(SecuredConnectionDetails.class)
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=not-this-cluster:9092",
                        "spring.ssl.bundle.pem.kafka.truststore.certificate=file:"
                                + kafka.certificates().caCertificateFile(),
                        "async-kafka.security.sasl.mechanism=SCRAM-SHA-512",
                        "async-kafka.security.sasl.username=" + USER,
                        "async-kafka.security.sasl.password=" + PASSWORD)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ClientOptions client =
                            context.getBean(AsyncKafkaAdmin.class).options().client();
                    assertThat(client.bootstrapServers())
                            .isEqualTo(List.of(kafka.bootstrapServers().split(",")));
                    assertThat(client.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
                    assertThat(client.ssl().trustManagerFactory())
                            .as("trust from the details' SSL bundle")
                            .isNotNull();
                    String topic = "details-orders";
                    context.getBean(AsyncKafkaAdmin.class)
                            .createTopic(new NewTopic(topic, 1, (short) 1))
                            .get(30, TimeUnit.SECONDS);
                    producer(context)
                            .send(new ProducerRecord<>(topic, "k", "through-details"))
                            .get(30, TimeUnit.SECONDS);
                    List<ConsumerRecord<byte[], byte[]>> oracle =
                            KafkaClientsOracle.read(kafka.internalBootstrapServers(), topic, 1);
                    assertThat(new String(oracle.get(0).value(), StandardCharsets.UTF_8))
                            .isEqualTo("through-details");
                });
    }

    private static byte[] received(String key) {
        return ("secret-value-" + key.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongPasswordFailsWithTheCoresAuthenticationExceptionAndNoMessageShowsIt() {
        String wrong = "Wrong-Password-8813";
        runner(
                        "async-kafka.security.sasl.mechanism=SCRAM-SHA-512",
                        "async-kafka.security.sasl.username=" + USER,
                        "async-kafka.security.sasl.password=" + wrong,
                        "async-kafka.producer.max-block=20s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<Throwable> failures = new ArrayList<>();
                    Throwable admin =
                            failure(context.getBean(AsyncKafkaAdmin.class).listTopics());
                    assertThat(admin).isInstanceOf(AuthenticationException.class);
                    failures.add(admin);
                    AsyncKafkaConsumer<String, String> consumer = context.getBean(AsyncKafkaClientFactory.class)
                            .createConsumer(null, null, Map.of(), Deserializers.string(), Deserializers.string());
                    try {
                        consumer.assign(List.of(new TopicPartition("any-topic", 0)));
                        Throwable consumed = failure(consumer.getMany(Duration.ofSeconds(30)));
                        assertThat(consumed).isInstanceOf(AuthenticationException.class);
                        failures.add(consumed);
                    } finally {
                        consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
                    }
                    // A send waiting for metadata fails with the refused authentication, not a timeout.
                    Throwable sent = failure(producer(context).send(new ProducerRecord<>("any-topic", "k", "v")));
                    assertThat(sent).isInstanceOf(AuthenticationException.class);
                    failures.add(sent);
                    for (Throwable error : failures) {
                        for (Throwable t = error; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
                            assertThat(t.toString()).doesNotContain(wrong);
                        }
                    }
                    assertThat(String.valueOf(context.getBean(AsyncKafkaOptionsProvider.class)
                                    .producerOptions(null, Map.of())))
                            .doesNotContain(wrong);
                });
    }

    @Test
    void oauthBearerWorksWithAStaticTokenAndATokenProviderBeanWins() {
        runner(
                        "async-kafka.security.sasl.mechanism=OAUTHBEARER",
                        "async-kafka.security.sasl.oauthbearer.token=" + unsecuredJwt("static-user"))
                .run(context -> assertThat(context.getBean(AsyncKafkaAdmin.class)
                                .describeCluster()
                                .get(30, TimeUnit.SECONDS)
                                .nodes())
                        .hasSize(1));
        AtomicInteger calls = new AtomicInteger();
        OAuthBearerTokenProvider provider = () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(new OAuthBearerToken(
                    unsecuredJwt("bean-user"), Instant.now().plusSeconds(3600), Map.of()));
        };
        runner(
                        "async-kafka.security.sasl.mechanism=OAUTHBEARER",
                        "async-kafka.security.sasl.oauthbearer.token=not-a-valid-token")
                .withBean(OAuthBearerTokenProvider.class, () -> provider)
                .run(context -> {
                    assertThat(context.getBean(AsyncKafkaAdmin.class)
                                    .listTopics()
                                    .get(30, TimeUnit.SECONDS))
                            .isNotNull();
                    assertThat(calls.get()).isPositive();
                });
    }

    private static String unsecuredJwt(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims =
                b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
