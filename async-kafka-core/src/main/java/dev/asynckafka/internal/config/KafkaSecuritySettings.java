package dev.asynckafka.internal.config;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.security.SslOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The security settings Kafka names set ({@code security.protocol}, {@code sasl.mechanism}, {@code
 * sasl.jaas.config}, {@code ssl.*}) while one client's options are assembled; they only become
 * {@link SaslOptions} and {@link SslOptions} once every name is applied, because several names make
 * one option. The Spring starter extends this with its bundles and token providers. Errors never
 * contain a secret.
 */
public class KafkaSecuritySettings {
    private static final Pattern JAAS_OPTION =
            Pattern.compile("(username|password)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** {@code security.protocol}; null while not set. */
    protected @Nullable SecurityProtocol protocol;

    protected @Nullable SaslMechanism mechanism;

    protected @Nullable String username;

    protected @Nullable Password password;

    /** {@code ssl.endpoint.identification.algorithm}: https (Kafka's default) or empty. */
    protected boolean endpointIdentification = true;

    protected @Nullable List<String> protocols;

    protected @Nullable List<String> cipherSuites;

    protected @Nullable Path trustStore;

    protected String trustStoreType = "PKCS12";

    protected @Nullable Password trustStorePassword;

    protected @Nullable String trustCertificatesPem;

    protected @Nullable Path keyStore;

    protected String keyStoreType = "PKCS12";

    protected @Nullable Password keyStorePassword;

    protected @Nullable Password keyPassword;

    protected @Nullable String keyCertificateChainPem;

    protected @Nullable String privateKeyPem;

    /** Settings with nothing set yet. */
    public KafkaSecuritySettings() {}

    /**
     * Takes user name and password from a kafka-clients {@code sasl.jaas.config} value.
     *
     * @throws IllegalArgumentException for an OAUTHBEARER login module, or when an option is missing
     */
    protected void jaasConfig(String value) {
        if (value.contains("OAuthBearerLoginModule")) {
            throw new IllegalArgumentException("OAUTHBEARER tokens come from an OAuthBearerTokenProvider"
                    + " (ClientOptions.Builder.sasl(SaslOptions.oauthBearer(provider))), not from a JAAS"
                    + " configuration");
        }
        Matcher m = JAAS_OPTION.matcher(value);
        String user = null;
        String secret = null;
        while (m.find()) {
            String v = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
            if (m.group(1).equals("username")) {
                user = v;
            } else {
                secret = v;
            }
        }
        if (user == null || secret == null) {
            // The value holds the password: say what is missing, never what was given.
            throw new IllegalArgumentException("needs username=\"...\" and password=\"...\" options");
        }
        this.username = user;
        this.password = Password.of(secret);
    }

    /**
     * Adds what the {@code ssl.*} names set (protocols, cipher suites, trust and key material) to a
     * TLS options builder; hostname verification is the caller's, it may come from elsewhere.
     *
     * @throws InvalidConfigurationException naming the Kafka setting that is missing
     */
    protected void applyKafkaSsl(SslOptions.Builder ssl) {
        if (protocols != null) {
            ssl.protocols(protocols);
        }
        if (cipherSuites != null) {
            ssl.cipherSuites(cipherSuites);
        }
        if (trustCertificatesPem != null) {
            ssl.trustCertificatesPem(trustCertificatesPem);
        }
        if (trustStore != null) {
            ssl.trustStore(trustStore, trustStoreType, trustStorePassword);
        }
        if (keyStore != null) {
            if (keyStorePassword == null) {
                throw invalid("ssl.keystore.password", "must be set with ssl.keystore.location");
            }
            ssl.keyStore(keyStore, keyStoreType, keyStorePassword, keyPassword);
        }
        if (keyCertificateChainPem != null || privateKeyPem != null) {
            if (keyCertificateChainPem == null || privateKeyPem == null) {
                throw invalid("ssl.keystore.key", "ssl.keystore.certificate.chain and ssl.keystore.key go together");
            }
            ssl.keyPem(keyCertificateChainPem, privateKeyPem);
        }
    }

    /**
     * Sets what the Kafka names asked for on the client builder: the protocol when one was named,
     * SASL options when {@code sasl.mechanism} or {@code sasl.jaas.config} was named (except for
     * OAUTHBEARER, whose token provider the caller sets), and TLS options when an {@code ssl.*} name
     * was given or the named protocol uses TLS. Mismatches with the protocol are reported by {@link
     * ClientOptions.Builder#build()}.
     *
     * @param tlsNamed whether any {@code ssl.*} name was applied
     * @throws InvalidConfigurationException naming the Kafka setting that is missing or invalid
     */
    void applyTo(ClientOptions.Builder builder, boolean tlsNamed) {
        SecurityProtocol p = protocol;
        if (p != null) {
            builder.securityProtocol(p);
        }
        if (mechanism != null || username != null) {
            SaslMechanism m = mechanism;
            if (m == null) {
                throw invalid(
                        "sasl.mechanism",
                        "must be set with sasl.jaas.config (Kafka's default, GSSAPI, is not supported)");
            }
            if (m != SaslMechanism.OAUTHBEARER) {
                String user = username;
                Password secret = password;
                if (user == null || secret == null) {
                    throw invalid("sasl.jaas.config", "must be set for " + m.mechanismName());
                }
                builder.sasl(
                        switch (m) {
                            case PLAIN -> SaslOptions.plain(user, secret);
                            case SCRAM_SHA_256 -> SaslOptions.scramSha256(user, secret);
                            case SCRAM_SHA_512 -> SaslOptions.scramSha512(user, secret);
                            case OAUTHBEARER -> throw new IllegalStateException("handled above");
                        });
            }
        }
        if (tlsNamed || (p != null && p.usesTls())) {
            SslOptions.Builder ssl = SslOptions.builder();
            if (!endpointIdentification) {
                ssl.disableHostnameVerification();
            }
            applyKafkaSsl(ssl);
            builder.ssl(ssl.build());
        }
    }

    /** An error in the form the option builders use, so callers can tell which name it is about. */
    private static InvalidConfigurationException invalid(String kafkaName, String problem) {
        return new InvalidConfigurationException("Invalid value for " + kafkaName + ": " + problem);
    }
}
