package dev.asynckafka.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.errors.SslAuthenticationException;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import dev.asynckafka.test.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wrong password, untrusted certificate and hostname mismatch: every kind of client (admin call,
 * producer send, consumer getMany with manual assignment and with a group) fails with the clear,
 * non-retriable error long before any of its timeouts, and no secret shows in any log line or
 * exception message.
 */
@Timeout(180)
class SecurityFailureIT {
    private static final String USER = "carol";
    private static final String PASSWORD = "carol-Pa55-Secret-91";
    private static final String WRONG_PASSWORD = "Wrong-Pa55-Guess-1337";
    private static final String TOPIC = "guarded";
    /** Far beyond the 60 s the test waits: a failure seen within it cannot be a timeout. */
    private static final Duration LONG = Duration.ofMinutes(3);

    private static EmbeddedKafkaCluster broker;
    private static EmbeddedKafkaCluster misnamedBroker;
    private static TestCertificates otherCa;

    enum Failure {
        WRONG_SCRAM_PASSWORD(SaslAuthenticationException.class),
        WRONG_PLAIN_PASSWORD(SaslAuthenticationException.class),
        UNTRUSTED_CERTIFICATE(SslAuthenticationException.class),
        HOSTNAME_MISMATCH(SslAuthenticationException.class);

        final Class<? extends AuthenticationException> error;

        Failure(Class<? extends AuthenticationException> error) {
            this.error = error;
        }
    }

    @BeforeAll
    static void startBrokers() throws Exception {
        broker = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslSsl()
                        .mechanisms("PLAIN", "SCRAM-SHA-512")
                        .user(USER, PASSWORD)
                        .build())
                .start();
        broker.createTopic(TOPIC, 2, (short) 1);
        misnamedBroker = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslSsl()
                        .mechanisms("PLAIN")
                        .user(USER, PASSWORD)
                        .certificateNames(List.of("elsewhere.example"), List.of())
                        .build())
                .start();
        misnamedBroker.createTopic(TOPIC, 2, (short) 1);
        Path dir = Files.createTempDirectory("async-kafka-other-ca-");
        otherCa = TestCertificates.generate(dir, List.of("localhost"), List.of("127.0.0.1"));
    }

    @AfterAll
    static void stopBrokers() {
        if (broker != null) {
            broker.close();
        }
        if (misnamedBroker != null) {
            misnamedBroker.close();
        }
    }

    private static ClientOptions options(Failure failure) {
        EmbeddedKafkaCluster target = failure == Failure.HOSTNAME_MISMATCH ? misnamedBroker : broker;
        SslOptions.Builder ssl = SslOptions.builder();
        if (failure == Failure.UNTRUSTED_CERTIFICATE) {
            // A CA the broker's certificate does not chain to, in password-protected stores.
            Password storePassword = Password.of(TestCertificates.STORE_PASSWORD);
            ssl.trustStore(otherCa.trustStore(), "PKCS12", storePassword)
                    .keyStore(otherCa.brokerKeyStore(), "PKCS12", storePassword, storePassword);
        } else {
            ssl.trustCertificatesPem(target.certificates().caCertificatePem());
        }
        SaslOptions sasl = switch (failure) {
            case WRONG_SCRAM_PASSWORD -> SaslOptions.scramSha512(USER, Password.of(WRONG_PASSWORD));
            case WRONG_PLAIN_PASSWORD -> SaslOptions.plain(USER, Password.of(WRONG_PASSWORD));
            default -> SaslOptions.plain(USER, Password.of(PASSWORD));
        };
        return ClientOptions.builder()
                .bootstrapServers(target.bootstrapServers())
                .clientId("failing-" + failure.name().toLowerCase(java.util.Locale.ROOT))
                .securityProtocol(SecurityProtocol.SASL_SSL)
                .ssl(ssl.build())
                .sasl(sasl)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyClientFailsFastWithTheClearErrorAndLeaksNoSecret(Failure failure) throws Exception {
        ClientOptions client = options(failure);
        List<Throwable> errors = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(
                    AdminOptions.builder(client).defaultApiTimeout(LONG).build())) {
                errors.add(expectFailure("admin listTopics", admin.listTopics(), failure));
            }

            AsyncKafkaProducer<String, String> producer = AsyncKafkaProducer.create(
                    ProducerOptions.builder(client)
                            .deliveryTimeout(LONG)
                            .maxBlock(LONG)
                            .build(),
                    Serializers.string(),
                    Serializers.string());
            try {
                errors.add(
                        expectFailure("producer send", producer.send(new ProducerRecord<>(TOPIC, "k", "v")), failure));
            } finally {
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }

            AsyncKafkaConsumer<String, String> assigned = consumer(client, null);
            try {
                assigned.assign(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)));
                errors.add(expectFailure(
                        "getMany of an assigned consumer", assigned.getMany(Duration.ofMinutes(2)), failure));
            } finally {
                assigned.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }

            AsyncKafkaConsumer<String, String> member = consumer(client, "group-" + failure.name());
            try {
                member.subscribe(List.of(TOPIC)).get(30, TimeUnit.SECONDS);
                errors.add(expectFailure("getMany of a group member", member.getMany(Duration.ofMinutes(2)), failure));
                // Later calls keep failing while the credentials stay wrong, rather than hanging.
                errors.add(expectFailure(
                        "a second getMany of a group member", member.getMany(Duration.ofMinutes(2)), failure));
                errors.add(expectFailure(
                        "committed offsets of a group member",
                        member.committed(Set.of(new TopicPartition(TOPIC, 0))),
                        failure));
            } finally {
                member.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }

            List<String> secrets = List.of(PASSWORD, WRONG_PASSWORD, TestCertificates.STORE_PASSWORD);
            for (Throwable error : errors) {
                for (String secret : secrets) {
                    for (Throwable t = error; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                        assertThat(t.toString()).doesNotContain(secret);
                    }
                }
            }
            assertThat(logs.lines()).isNotEmpty();
            for (String secret : secrets) {
                assertThat(logs.lines()).noneMatch(l -> l.contains(secret));
            }
        }
    }

    @Test
    void groupMemberRecoversOnceItsCredentialsAreAccepted() throws Exception {
        String user = "dave";
        String password = "dave-Later-Pa55";
        String topic = "recovery";
        broker.createTopic(topic, 2, (short) 1);
        ClientOptions client = ClientOptions.builder()
                .bootstrapServers(broker.bootstrapServers())
                .securityProtocol(SecurityProtocol.SASL_SSL)
                .ssl(SslOptions.builder()
                        .trustCertificatesPem(broker.certificates().caCertificatePem())
                        .build())
                .sasl(SaslOptions.scramSha512(user, Password.of(password)))
                .build();
        AsyncKafkaConsumer<String, String> member = consumer(client, "recovery-group");
        try {
            member.subscribe(List.of(topic)).get(30, TimeUnit.SECONDS);
            Throwable refused = SecuredBrokerIT.failure(member.getMany(Duration.ofMinutes(2)));
            assertThat(refused).isInstanceOf(SaslAuthenticationException.class).hasMessageContaining(user);

            // The user is created while the member keeps retrying in the background.
            Map<String, Object> config =
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.internalBootstrapServers());
            try (Admin admin = Admin.create(config)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            int total = 20;
            AsyncKafkaProducer<String, String> producer =
                    AsyncKafkaProducer.create(ProducerOptions.of(client), Serializers.string(), Serializers.string());
            try {
                for (int i = 0; i < total; i++) {
                    sendOnceAccepted(producer, new ProducerRecord<>(topic, "k" + i, "v" + i));
                }
            } finally {
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }

            // metadata.max.age.ms is 5 min: the member must notice the accepted credentials by itself
            // well before that, join the group and read everything.
            Set<String> values = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < total && System.nanoTime() < deadline) {
                try {
                    member.getMany(Duration.ofMillis(500))
                            .get(30, TimeUnit.SECONDS)
                            .forEach(r -> values.add(r.value()));
                } catch (ExecutionException e) {
                    // Refused until a connection of the member authenticates with the new user.
                    assertThat(e.getCause()).isInstanceOf(SaslAuthenticationException.class);
                }
            }
            assertThat(values).hasSize(total);
            assertThat(member.assignment()).hasSize(2);
        } finally {
            member.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends, retrying while the broker has not applied the new SCRAM user yet. */
    private static void sendOnceAccepted(AsyncKafkaProducer<String, String> producer, ProducerRecord<String, String> r)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                producer.send(r).get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static AsyncKafkaConsumer<String, String> consumer(ClientOptions client, String groupId) {
        return AsyncKafkaConsumer.create(
                ConsumerOptions.builder(client)
                        .groupId(groupId)
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .defaultApiTimeout(LONG)
                        .build(),
                Deserializers.string(),
                Deserializers.string());
    }

    /** The future fails within 60 s (all timeouts are 2 min or more) with the failure's error. */
    private static Throwable expectFailure(String what, CompletableFuture<?> future, Failure failure) throws Exception {
        Throwable error = SecuredBrokerIT.failure(future);
        assertThat(error)
                .as("%s under %s", what, failure)
                .isInstanceOf(failure.error)
                .hasMessageContaining(failure == Failure.WRONG_PLAIN_PASSWORD ? "PLAIN" : "")
                .hasMessageContaining(failure.error == SaslAuthenticationException.class ? USER : "");
        assertThat(((KafkaException) error).isRetriable())
                .as("%s: %s is final", what, error)
                .isFalse();
        if (failure.error == SslAuthenticationException.class) {
            assertThat(error.getMessage()).as(what).contains("TLS handshake");
        }
        return error;
    }
}
