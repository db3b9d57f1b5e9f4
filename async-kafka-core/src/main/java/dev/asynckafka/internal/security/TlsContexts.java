package dev.asynckafka.internal.security;

import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SslOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the client's Netty {@link SslContext} from {@link SslOptions}, on the JDK's TLS engine.
 * Reads key material once, when the client is created; problems are configuration errors naming
 * the setting (never the secret).
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * The client TLS context.
     *
     * @throws InvalidConfigurationException naming the setting whose material could not be used
     */
    public static SslContext create(@Nullable SslOptions options) {
        SslOptions o = options == null ? SslOptions.builder().build() : options;
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(o.protocols())
                .endpointIdentificationAlgorithm(o.hostnameVerification() ? "HTTPS" : null);
        if (!o.cipherSuites().isEmpty()) {
            builder.ciphers(o.cipherSuites());
        }
        configureTrust(builder, o);
        configureKeys(builder, o);
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("Invalid TLS settings: " + e.getMessage(), e);
        }
    }

    private static void configureTrust(SslContextBuilder builder, SslOptions o) {
        if (o.trustManagerFactory() != null) {
            builder.trustManager(o.trustManagerFactory());
        } else if (o.trustCertificatesPem() != null) {
            builder.trustManager(pem(o.trustCertificatesPem()));
        } else if (o.trustCertificatesFile() != null) {
            builder.trustManager(pem(read(o.trustCertificatesFile(), "ssl.truststore.certificates file")));
        } else if (o.trustStore() != null) {
            KeyStore store =
                    load(o.trustStore(), o.trustStoreType(), o.trustStorePassword(), "ssl.truststore.location");
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                builder.trustManager(tmf);
            } catch (GeneralSecurityException e) {
                throw new InvalidConfigurationException(
                        "Invalid value for ssl.truststore.location: " + o.trustStore() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void configureKeys(SslContextBuilder builder, SslOptions o) {
        if (o.keyManagerFactory() != null) {
            builder.keyManager(o.keyManagerFactory());
        } else if (o.keyCertificateChainPem() != null && o.privateKeyPem() != null) {
            try {
                builder.keyManager(pem(o.keyCertificateChainPem()), pem(o.privateKeyPem()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(
                        "Invalid value for ssl.keystore.key or ssl.keystore.certificate.chain: " + e.getMessage(), e);
            }
        } else if (o.keyStore() != null) {
            Password storePassword = o.keyStorePassword();
            KeyStore store = load(o.keyStore(), o.keyStoreType(), storePassword, "ssl.keystore.location");
            Password keyPassword = o.keyPassword() != null ? o.keyPassword() : storePassword;
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, keyPassword == null ? new char[0] : keyPassword.chars());
                builder.keyManager(kmf);
            } catch (GeneralSecurityException e) {
                throw new InvalidConfigurationException(
                        "Invalid value for ssl.key.password or ssl.keystore.location " + o.keyStore()
                                + ": the key cannot be read (" + e.getClass().getSimpleName() + ")",
                        e);
            }
        }
    }

    private static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigurationException("Invalid value for " + setting + ": cannot read " + file, e);
        }
    }

    private static KeyStore load(Path file, String type, @Nullable Password password, String setting) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.chars());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // IOException here is also how a wrong store password shows: say so without the secret.
            throw new InvalidConfigurationException(
                    "Invalid value for " + setting + ": cannot load " + type + " store " + file
                            + " (wrong password, wrong type or unreadable file)",
                    e);
        }
    }
}
