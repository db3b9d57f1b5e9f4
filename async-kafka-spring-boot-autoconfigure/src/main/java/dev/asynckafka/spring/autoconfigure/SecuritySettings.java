package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaSecuritySettings;
import dev.asynckafka.security.OAuthBearerToken;
import dev.asynckafka.security.OAuthBearerTokenProvider;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.security.SslOptions;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The security settings of one client while its options are assembled: first from {@code
 * async-kafka.security.*} and {@code async-kafka.ssl.*}, then changed by Kafka-named properties
 * ({@code security.protocol}, {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...) through
 * the core's table, which fills the inherited fields, and finally turned into the core's {@link SaslOptions} and {@link SslOptions}. Errors name the
 * property and never contain a secret.
 */
final class SecuritySettings extends KafkaSecuritySettings {
    private static final String P = AsyncKafkaProperties.PREFIX;
    private static final Pattern INVALID_VALUE_FOR =
            Pattern.compile("Invalid value for ([a-z0-9.]+): (.*)", Pattern.DOTALL);
    private static final Pattern JWT_EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    @Nullable
    String staticToken;

    @Nullable
    String bundle;

    /**
     * Whether the protocol came from the connection details: then SASL or TLS settings the protocol
     * does not use are left unused rather than refused (an application configured for a secured
     * production cluster, tested against a plaintext service connection).
     */
    boolean protocolFromDetails;

    /** A bundle from the connection details: wins over {@link #bundle}. */
    @Nullable
    SslBundle connectionBundle;

    SecuritySettings(AsyncKafkaProperties properties) {
        AsyncKafkaSecurityProperties security = properties.getSecurity();
        this.protocol = security.getProtocol();
        this.mechanism = security.getSasl().getMechanism();
        this.username = security.getSasl().getUsername();
        String pw = security.getSasl().getPassword();
        this.password = pw == null ? null : Password.of(pw);
        this.staticToken = security.getSasl().getOauthbearer().getToken();
        this.bundle = properties.getSsl().getBundle();
        this.endpointIdentification = properties.getSsl().isEndpointIdentification();
    }

    /**
     * Takes what the connection details set: their security protocol and SSL bundle win over the
     * properties.
     */
    void connection(AsyncKafkaConnectionDetails.Configuration details) {
        SecurityProtocol detailsProtocol = details.getSecurityProtocol();
        if (detailsProtocol != null) {
            protocol = detailsProtocol;
            protocolFromDetails = true;
        }
        SslBundle detailsBundle = details.getSslBundle();
        if (detailsBundle != null) {
            connectionBundle = detailsBundle;
        }
    }

    /** The core's {@code sasl.jaas.config} parsing, with the starter's advice for OAUTHBEARER. */
    @Override
    protected void jaasConfig(String value) {
        if (value.contains("OAuthBearerLoginModule")) {
            throw new IllegalArgumentException("OAUTHBEARER tokens come from an OAuthBearerTokenProvider bean or " + P
                    + ".security.sasl.oauthbearer.token, not from a JAAS configuration");
        }
        super.jaasConfig(value);
    }

    /** The protocol: always set, from the properties or a Kafka name or the connection details. */
    private SecurityProtocol protocol() {
        SecurityProtocol p = protocol;
        if (p == null) {
            throw new IllegalStateException("set in the constructor");
        }
        return p;
    }

    /** Sets protocol, SASL and TLS options on the builder. */
    void applyTo(
            ClientOptions.Builder builder,
            @Nullable SslBundles sslBundles,
            @Nullable OAuthBearerTokenProvider tokenProvider) {
        SecurityProtocol protocol = protocol();
        builder.securityProtocol(protocol);
        if (protocol.usesSasl()) {
            builder.sasl(sasl(tokenProvider));
        } else if (mechanism != null && !protocolFromDetails) {
            throw invalid(
                    P + ".security.sasl.mechanism",
                    "is set, but " + P + ".security.protocol=" + protocol
                            + " does not use SASL (use SASL_SSL or SASL_PLAINTEXT)");
        }
        if (protocol.usesTls()) {
            builder.ssl(ssl(sslBundles));
        } else if (bundle != null && !protocolFromDetails) {
            throw invalid(
                    P + ".ssl.bundle",
                    "is set, but " + P + ".security.protocol=" + protocol + " does not use TLS (use SSL or SASL_SSL)");
        }
    }

    private SaslOptions sasl(@Nullable OAuthBearerTokenProvider tokenProvider) {
        SaslMechanism m = mechanism;
        if (m == null) {
            throw invalid(
                    P + ".security.sasl.mechanism", "must be set when " + P + ".security.protocol is " + protocol);
        }
        if (m == SaslMechanism.OAUTHBEARER) {
            if (tokenProvider != null) {
                return SaslOptions.oauthBearer(tokenProvider);
            }
            String token = staticToken;
            if (token == null || token.isBlank()) {
                throw invalid(
                        P + ".security.sasl.oauthbearer.token",
                        "must be set (or an OAuthBearerTokenProvider bean defined) for OAUTHBEARER");
            }
            return SaslOptions.oauthBearer(staticTokenProvider(token));
        }
        String user = username;
        if (user == null || user.isEmpty()) {
            throw invalid(P + ".security.sasl.username", "must be set for " + m.mechanismName());
        }
        Password secret = password;
        if (secret == null) {
            throw invalid(P + ".security.sasl.password", "must be set for " + m.mechanismName());
        }
        return switch (m) {
            case PLAIN -> SaslOptions.plain(user, secret);
            case SCRAM_SHA_256 -> SaslOptions.scramSha256(user, secret);
            case SCRAM_SHA_512 -> SaslOptions.scramSha512(user, secret);
            case OAUTHBEARER -> throw new IllegalStateException("handled above");
        };
    }

    private SslOptions ssl(@Nullable SslBundles sslBundles) {
        SslOptions.Builder ssl = SslOptions.builder();
        String bundleName = bundle;
        String source = P + ".ssl";
        SslBundle fromDetails = connectionBundle;
        if (fromDetails != null) {
            source = "the SSL bundle of the AsyncKafkaConnectionDetails";
            applyBundle(ssl, fromDetails);
        } else if (bundleName != null) {
            source = P + ".ssl.bundle";
            if (sslBundles == null) {
                throw invalid(source, "names SSL bundle '" + bundleName + "', but the application has no SslBundles");
            }
            applyBundle(ssl, bundleName, sslBundles);
        }
        if (!endpointIdentification) {
            ssl.disableHostnameVerification();
        }
        try {
            applyKafkaSsl(ssl);
        } catch (InvalidConfigurationException e) {
            // "Invalid value for ssl.keystore.password: ..." names the Kafka property the user wrote.
            Matcher m = INVALID_VALUE_FOR.matcher(String.valueOf(e.getMessage()));
            if (m.matches()) {
                throw invalid(m.group(1), m.group(2));
            }
            throw invalid(source, e.getMessage());
        }
        try {
            return ssl.build();
        } catch (InvalidConfigurationException e) {
            throw invalid(source, e.getMessage());
        }
    }

    private static void applyBundle(SslOptions.Builder ssl, String name, SslBundles sslBundles) {
        SslBundle b;
        try {
            b = sslBundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw invalid(
                    P + ".ssl.bundle",
                    "no SSL bundle named '" + name + "' (configured bundles: " + sslBundles.getBundleNames() + ")");
        }
        applyBundle(ssl, b);
    }

    private static void applyBundle(SslOptions.Builder ssl, SslBundle b) {
        ssl.trustManagerFactory(b.getManagers().getTrustManagerFactory());
        if (b.getStores().getKeyStore() != null) {
            ssl.keyManagerFactory(b.getManagers().getKeyManagerFactory());
        }
        org.springframework.boot.ssl.SslOptions options = b.getOptions();
        if (options.getEnabledProtocols() != null) {
            ssl.protocols(List.of(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            ssl.cipherSuites(List.of(options.getCiphers()));
        }
    }

    /**
     * A provider handing out one configured token. Its expiry is the JWT's {@code exp} claim when it
     * has one in the future, else an hour from each call (the broker enforces the real lifetime).
     */
    static OAuthBearerTokenProvider staticTokenProvider(String token) {
        Instant exp = jwtExpiry(token);
        return () -> {
            Instant now = Instant.now();
            Instant expiresAt = exp != null && exp.isAfter(now) ? exp : now.plusSeconds(3600);
            return CompletableFuture.completedFuture(new OAuthBearerToken(token, expiresAt, Map.of()));
        };
    }

    private static @Nullable Instant jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher m = JWT_EXP.matcher(claims);
            return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static InvalidAsyncKafkaPropertyException invalid(String property, String problem) {
        return new InvalidAsyncKafkaPropertyException(property, problem, null);
    }
}
