package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.security.OAuthBearerToken;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.security.SslOptions;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.test.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** How {@code async-kafka.security.*}, {@code async-kafka.ssl.*} and Kafka-named keys become core security options. */
class SecurityMappingTest {
    private static TestCertificates certificates;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, SslAutoConfiguration.class));

    @BeforeAll
    static void certificates(@TempDir Path directory) {
        certificates = TestCertificates.generate(directory, List.of("localhost"), List.of("127.0.0.1"));
    }

    private static ClientOptions client(org.springframework.context.ApplicationContext context) {
        return context.getBean(AsyncKafkaOptionsProvider.class)
                .adminOptions(null, Map.of())
                .client();
    }

    @Test
    void whenAnSslBundleIsNamedThenItsManagersProtocolsAndCiphersAreUsed() {
        String cipher = "TLS_AES_128_GCM_SHA256";
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.ssl.bundle=kafka",
                        "spring.ssl.bundle.jks.kafka.truststore.location=file:" + certificates.trustStore(),
                        "spring.ssl.bundle.jks.kafka.truststore.type=PKCS12",
                        "spring.ssl.bundle.jks.kafka.truststore.password=" + TestCertificates.STORE_PASSWORD,
                        "spring.ssl.bundle.jks.kafka.options.enabled-protocols=TLSv1.3",
                        "spring.ssl.bundle.jks.kafka.options.ciphers=" + cipher)
                .run(context -> {
                    SslOptions ssl = client(context).ssl();
                    assertThat(client(context).securityProtocol()).isEqualTo(SecurityProtocol.SSL);
                    assertThat(ssl.trustManagerFactory()).isNotNull();
                    assertThat(ssl.keyManagerFactory())
                            .as("the bundle has no key store")
                            .isNull();
                    assertThat(ssl.protocols()).containsExactly("TLSv1.3");
                    assertThat(ssl.cipherSuites()).containsExactly(cipher);
                    assertThat(ssl.hostnameVerification()).isTrue();
                });
    }

    @Test
    void whenTheBundleHasAKeyStoreThenItIsTheClientsKeyMaterial() {
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.ssl.bundle=mtls",
                        "spring.ssl.bundle.jks.mtls.keystore.location=file:" + certificates.brokerKeyStore(),
                        "spring.ssl.bundle.jks.mtls.keystore.type=PKCS12",
                        "spring.ssl.bundle.jks.mtls.keystore.password=" + TestCertificates.STORE_PASSWORD,
                        "spring.ssl.bundle.jks.mtls.truststore.location=file:" + certificates.trustStore(),
                        "spring.ssl.bundle.jks.mtls.truststore.password=" + TestCertificates.STORE_PASSWORD)
                .run(context -> {
                    SslOptions ssl = client(context).ssl();
                    assertThat(ssl.keyManagerFactory()).isNotNull();
                    assertThat(ssl.keyManagerFactory().getKeyManagers()).isNotEmpty();
                    assertThat(ssl.protocols())
                            .as("the core's default without bundle options")
                            .isEqualTo(SslOptions.DEFAULT_PROTOCOLS);
                });
    }

    @Test
    void whenEndpointIdentificationIsOffThenHostnameVerificationIsOffExplicitly() {
        runner.withPropertyValues("async-kafka.security.protocol=SSL", "async-kafka.ssl.endpoint-identification=false")
                .run(context -> {
                    SslOptions ssl = client(context).ssl();
                    assertThat(ssl.hostnameVerification()).isFalse();
                    assertThat(ssl.trustManagerFactory())
                            .as("no bundle: the JDK's trust")
                            .isNull();
                });
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.properties.ssl.endpoint.identification.algorithm=")
                .run(context ->
                        assertThat(client(context).ssl().hostnameVerification()).isFalse());
    }

    @Test
    void whenSaslPropertiesAreSetThenTheyBecomeSaslOptionsWithTheSecretHidden() {
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_PLAINTEXT",
                        "async-kafka.security.sasl.mechanism=SCRAM-SHA-256",
                        "async-kafka.security.sasl.username=alice",
                        "async-kafka.security.sasl.password=Alice-Pw-1")
                .run(context -> {
                    ClientOptions client = client(context);
                    assertThat(client.sasl().mechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_256);
                    assertThat(client.sasl().username()).isEqualTo("alice");
                    assertThat(client.sasl().password()).isEqualTo(Password.of("Alice-Pw-1"));
                    assertThat(client.ssl()).isNull();
                    assertThat(client.toString()).doesNotContain("Alice-Pw-1");
                    assertThat(context.getBean(AsyncKafkaProperties.class).toString())
                            .doesNotContain("Alice-Pw-1");
                });
    }

    @Test
    void whenKafkaNamedSecurityKeysAreGivenThenTheyMapOntoTheSameOptions() {
        runner.withPropertyValues(
                        "async-kafka.properties.security.protocol=SASL_SSL",
                        "async-kafka.properties.sasl.mechanism=PLAIN",
                        "async-kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"bob\" password=\"Bob-\\\"Pw\\\"-2\";",
                        "async-kafka.properties.ssl.truststore.location=" + certificates.trustStore(),
                        "async-kafka.properties.ssl.truststore.password=" + TestCertificates.STORE_PASSWORD,
                        "async-kafka.properties.ssl.enabled.protocols=TLSv1.2, TLSv1.3")
                .run(context -> {
                    ClientOptions client = client(context);
                    assertThat(client.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
                    assertThat(client.sasl().mechanism()).isEqualTo(SaslMechanism.PLAIN);
                    assertThat(client.sasl().username()).isEqualTo("bob");
                    assertThat(client.sasl().password()).isEqualTo(Password.of("Bob-\"Pw\"-2"));
                    assertThat(client.ssl().trustStore()).isEqualTo(certificates.trustStore());
                    assertThat(client.ssl().trustStorePassword())
                            .isEqualTo(Password.of(TestCertificates.STORE_PASSWORD));
                    assertThat(client.ssl().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
                });
    }

    @Test
    void whenAStaticTokenIsAJwtThenItsExpiryIsTheTokensExpiry() throws Exception {
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"svc\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_SSL",
                        "async-kafka.security.sasl.mechanism=OAUTHBEARER",
                        "async-kafka.security.sasl.oauthbearer.token=" + token)
                .run(context -> {
                    OAuthBearerToken t = client(context)
                            .sasl()
                            .tokenProvider()
                            .token()
                            .toCompletableFuture()
                            .get(5, TimeUnit.SECONDS);
                    assertThat(t.value()).isEqualTo(token);
                    assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
                    assertThat(t.toString()).doesNotContain(token);
                });
    }

    @Test
    void whenKafkaNamedStoreKeysAreGivenThenTheyBecomeTheTlsMaterial() {
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.properties.ssl.truststore.certificates=" + certificates.caCertificatePem(),
                        "async-kafka.properties.ssl.keystore.location=" + certificates.brokerKeyStore(),
                        "async-kafka.properties.ssl.keystore.type=pkcs12",
                        "async-kafka.properties.ssl.keystore.password=" + TestCertificates.STORE_PASSWORD,
                        "async-kafka.properties.ssl.key.password=" + TestCertificates.STORE_PASSWORD,
                        "async-kafka.properties.ssl.cipher.suites=TLS_AES_256_GCM_SHA384")
                .run(context -> {
                    SslOptions ssl = client(context).ssl();
                    assertThat(ssl.trustCertificatesPem())
                            .isEqualTo(certificates.caCertificatePem().strip());
                    assertThat(ssl.keyStore()).isEqualTo(certificates.brokerKeyStore());
                    assertThat(ssl.keyStoreType()).isEqualTo("pkcs12");
                    assertThat(ssl.keyStorePassword()).isEqualTo(Password.of(TestCertificates.STORE_PASSWORD));
                    assertThat(ssl.keyPassword()).isEqualTo(Password.of(TestCertificates.STORE_PASSWORD));
                    assertThat(ssl.cipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384");
                });
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.properties.ssl.truststore.type=pkcs12",
                        "async-kafka.properties.ssl.truststore.location=" + certificates.trustStore(),
                        "async-kafka.properties.ssl.truststore.password=" + TestCertificates.STORE_PASSWORD)
                .run(context ->
                        assertThat(client(context).ssl().trustStoreType()).isEqualTo("pkcs12"));
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.properties.ssl.keystore.certificate.chain=" + certificates.caCertificatePem())
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("ssl.keystore.certificate.chain and ssl.keystore.key go together"));
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SSL",
                        "async-kafka.ssl.bundle=kafka",
                        "spring.ssl.bundle.pem.kafka.truststore.certificate=file:" + certificates.caCertificateFile(),
                        "async-kafka.properties.ssl.truststore.location=" + certificates.trustStore())
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageStartingWith("async-kafka.ssl.bundle: Invalid TLS settings: set only one of"));
    }
}
