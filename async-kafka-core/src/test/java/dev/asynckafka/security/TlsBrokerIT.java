package dev.asynckafka.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.SslAuthenticationException;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS without SASL: trusted, untrusted and wrongly named broker certificates; SASL without TLS. */
@Timeout(120)
class TlsBrokerIT {

    private static ClientOptions.Builder tls(EmbeddedKafkaCluster kafka) {
        return ClientOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .securityProtocol(SecurityProtocol.SSL);
    }

    @Test
    void trustedCertificateWorksAndUntrustedOrMisnamedFailsClearly() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.ssl().build())
                .start()) {
            ClientOptions trusted = tls(kafka)
                    .ssl(SslOptions.builder()
                            .trustStore(
                                    kafka.certificates().trustStore(),
                                    "PKCS12",
                                    Password.of(dev.asynckafka.test.TestCertificates.STORE_PASSWORD))
                            .build())
                    .build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(trusted))) {
                assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).nodes())
                        .hasSize(1);
            }
            // The JDK's default trust store does not know the test CA.
            ClientOptions untrusted = tls(kafka).build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.builder(untrusted)
                    .defaultApiTimeout(Duration.ofSeconds(60))
                    .build())) {
                Throwable error = SecuredBrokerIT.failure(admin.listTopics());
                assertThat(error)
                        .isInstanceOf(SslAuthenticationException.class)
                        .hasMessageContaining("TLS handshake")
                        .hasMessageContaining(kafka.bootstrapServers());
                assertThat(((KafkaException) error).isRetriable()).isFalse();
            }
        }
    }

    @Test
    void hostnameMismatchFailsUnlessVerificationIsExplicitlyOff() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.ssl()
                        .certificateNames(List.of("wrong.example"), List.of())
                        .build())
                .start()) {
            String ca = kafka.certificates().caCertificatePem();
            ClientOptions verifying = tls(kafka)
                    .ssl(SslOptions.builder().trustCertificatesPem(ca).build())
                    .build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(verifying))) {
                Throwable error = SecuredBrokerIT.failure(admin.listTopics());
                assertThat(error).isInstanceOf(SslAuthenticationException.class);
                assertThat(error.getMessage()).containsIgnoringCase("127.0.0.1");
            }
            ClientOptions lenient = tls(kafka)
                    .ssl(SslOptions.builder()
                            .trustCertificatesPem(ca)
                            .disableHostnameVerification()
                            .build())
                    .build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(lenient))) {
                assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).nodes())
                        .hasSize(1);
            }
        }
    }

    @Test
    void scramWithoutTls() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslPlaintext()
                        .mechanisms("SCRAM-SHA-256")
                        .user("bob", "bob-pw")
                        .build())
                .start()) {
            ClientOptions options = ClientOptions.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    .securityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .sasl(SaslOptions.scramSha256("bob", Password.of("bob-pw")))
                    .build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(options))) {
                assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).nodes())
                        .hasSize(1);
            }
            // A mechanism the broker does not enable is named in the error.
            ClientOptions plain = options.toBuilder()
                    .sasl(SaslOptions.plain("bob", Password.of("bob-pw")))
                    .build();
            try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(plain))) {
                Throwable error = SecuredBrokerIT.failure(admin.listTopics());
                assertThat(error).hasMessageContaining("PLAIN").hasMessageContaining("SCRAM-SHA-256");
                assertThat(((KafkaException) error).isRetriable()).isFalse();
            }
        }
    }
}
