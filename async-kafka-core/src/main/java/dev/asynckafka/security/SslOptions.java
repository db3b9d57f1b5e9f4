package dev.asynckafka.security;

import dev.asynckafka.errors.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings, named after kafka-clients' {@code ssl.*} settings. Trust material (which broker
 * certificates to accept) and key material (the client's own certificate, for mutual TLS) can each
 * come from PEM text, a PEM file, a PKCS12 or JKS store, or ready factories (how Spring Boot's SSL
 * bundles plug in). Without trust material the JDK's default trust store is used.
 *
 * <p>Hostname verification ({@code ssl.endpoint.identification.algorithm=https}) is on by default
 * and only {@link Builder#disableHostnameVerification()} turns it off.
 */
public final class SslOptions {
    /** {@code ssl.enabled.protocols}. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final @Nullable String trustCertificatesPem;
    private final @Nullable Path trustCertificatesFile;
    private final @Nullable Path trustStore;
    private final String trustStoreType;
    private final @Nullable Password trustStorePassword;
    private final @Nullable TrustManagerFactory trustManagerFactory;
    private final @Nullable Path keyStore;
    private final String keyStoreType;
    private final @Nullable Password keyStorePassword;
    private final @Nullable Password keyPassword;
    private final @Nullable String keyCertificateChainPem;
    private final @Nullable String privateKeyPem;
    private final @Nullable KeyManagerFactory keyManagerFactory;
    private final boolean hostnameVerification;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    private SslOptions(Builder b) {
        this.trustCertificatesPem = b.trustCertificatesPem;
        this.trustCertificatesFile = b.trustCertificatesFile;
        this.trustStore = b.trustStore;
        this.trustStoreType = b.trustStoreType;
        this.trustStorePassword = b.trustStorePassword;
        this.trustManagerFactory = b.trustManagerFactory;
        this.keyStore = b.keyStore;
        this.keyStoreType = b.keyStoreType;
        this.keyStorePassword = b.keyStorePassword;
        this.keyPassword = b.keyPassword;
        this.keyCertificateChainPem = b.keyCertificateChainPem;
        this.privateKeyPem = b.privateKeyPem;
        this.keyManagerFactory = b.keyManagerFactory;
        this.hostnameVerification = b.hostnameVerification;
        this.protocols = List.copyOf(b.protocols);
        this.cipherSuites = List.copyOf(b.cipherSuites);
    }

    public static Builder builder() {
        return new Builder();
    }

    public @Nullable String trustCertificatesPem() {
        return trustCertificatesPem;
    }

    public @Nullable Path trustCertificatesFile() {
        return trustCertificatesFile;
    }

    public @Nullable Path trustStore() {
        return trustStore;
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public @Nullable Password trustStorePassword() {
        return trustStorePassword;
    }

    public @Nullable TrustManagerFactory trustManagerFactory() {
        return trustManagerFactory;
    }

    public @Nullable Path keyStore() {
        return keyStore;
    }

    public String keyStoreType() {
        return keyStoreType;
    }

    public @Nullable Password keyStorePassword() {
        return keyStorePassword;
    }

    public @Nullable Password keyPassword() {
        return keyPassword;
    }

    public @Nullable String keyCertificateChainPem() {
        return keyCertificateChainPem;
    }

    public @Nullable String privateKeyPem() {
        return privateKeyPem;
    }

    public @Nullable KeyManagerFactory keyManagerFactory() {
        return keyManagerFactory;
    }

    /** Whether the broker's certificate must match the host name connected to. */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** {@code ssl.enabled.protocols}. */
    public List<String> protocols() {
        return protocols;
    }

    /** {@code ssl.cipher.suites}; empty means the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    @Override
    public String toString() {
        return "SslOptions{hostnameVerification=" + hostnameVerification + ", protocols=" + protocols + "}";
    }

    /** Builds {@link SslOptions}; not thread-safe. */
    public static final class Builder {
        private @Nullable String trustCertificatesPem;
        private @Nullable Path trustCertificatesFile;
        private @Nullable Path trustStore;
        private String trustStoreType = "PKCS12";
        private @Nullable Password trustStorePassword;
        private @Nullable TrustManagerFactory trustManagerFactory;
        private @Nullable Path keyStore;
        private String keyStoreType = "PKCS12";
        private @Nullable Password keyStorePassword;
        private @Nullable Password keyPassword;
        private @Nullable String keyCertificateChainPem;
        private @Nullable String privateKeyPem;
        private @Nullable KeyManagerFactory keyManagerFactory;
        private boolean hostnameVerification = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();

        private Builder() {}

        /** {@code ssl.truststore.certificates}: trusted CA certificates as PEM text. */
        public Builder trustCertificatesPem(String pem) {
            this.trustCertificatesPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /** Trusted CA certificates from a PEM file. */
        public Builder trustCertificatesFile(Path file) {
            this.trustCertificatesFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** {@code ssl.truststore.location/type/password}: a PKCS12 or JKS trust store. */
        public Builder trustStore(Path file, String type, @Nullable Password password) {
            this.trustStore = Objects.requireNonNull(file, "file");
            this.trustStoreType = Objects.requireNonNull(type, "type");
            this.trustStorePassword = password;
            return this;
        }

        /** Trust decisions from a ready factory (for example from a Spring Boot SSL bundle). */
        public Builder trustManagerFactory(TrustManagerFactory factory) {
            this.trustManagerFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** {@code ssl.keystore.location/type/password} and {@code ssl.key.password}, for mutual TLS. */
        public Builder keyStore(Path file, String type, Password storePassword, @Nullable Password keyPassword) {
            this.keyStore = Objects.requireNonNull(file, "file");
            this.keyStoreType = Objects.requireNonNull(type, "type");
            this.keyStorePassword = Objects.requireNonNull(storePassword, "storePassword");
            this.keyPassword = keyPassword;
            return this;
        }

        /**
         * {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key}: the client's
         * certificate chain and its unencrypted PKCS#8 private key, as PEM text.
         */
        public Builder keyPem(String certificateChainPem, String privateKeyPem) {
            this.keyCertificateChainPem = Objects.requireNonNull(certificateChainPem, "certificateChainPem");
            this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            return this;
        }

        /** Key material from a ready factory (for example from a Spring Boot SSL bundle). */
        public Builder keyManagerFactory(KeyManagerFactory factory) {
            this.keyManagerFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Accepts broker certificates whatever host name they name ({@code
         * ssl.endpoint.identification.algorithm=""}). Only for test setups: it allows
         * man-in-the-middle attacks.
         */
        public Builder disableHostnameVerification() {
            this.hostnameVerification = false;
            return this;
        }

        /** {@code ssl.enabled.protocols}, for example {@code TLSv1.3}. */
        public Builder protocols(List<String> protocols) {
            this.protocols = List.copyOf(protocols);
            return this;
        }

        /** {@code ssl.cipher.suites}. */
        public Builder cipherSuites(List<String> suites) {
            this.cipherSuites = List.copyOf(suites);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidConfigurationException naming the conflicting settings
         */
        public SslOptions build() {
            int trustSources = count(trustCertificatesPem, trustCertificatesFile, trustStore, trustManagerFactory);
            if (trustSources > 1) {
                throw new InvalidConfigurationException(
                        "Invalid TLS settings: set only one of ssl.truststore.certificates,"
                                + " a trust certificates file, ssl.truststore.location and a trust manager factory");
            }
            int keySources = count(keyStore, keyCertificateChainPem, keyManagerFactory);
            if (keySources > 1) {
                throw new InvalidConfigurationException("Invalid TLS settings: set only one of ssl.keystore.location,"
                        + " ssl.keystore.certificate.chain/ssl.keystore.key and a key manager factory");
            }
            if (protocols.isEmpty()) {
                throw new InvalidConfigurationException("Invalid value for ssl.enabled.protocols: must not be empty");
            }
            for (String p : protocols) {
                if (!p.equals("TLSv1.3") && !p.equals("TLSv1.2")) {
                    throw new InvalidConfigurationException(
                            "Invalid value for ssl.enabled.protocols: '" + p + "' (supported: TLSv1.3, TLSv1.2)");
                }
            }
            return new SslOptions(this);
        }

        private static int count(@Nullable Object... values) {
            int n = 0;
            for (Object v : values) {
                if (v != null) {
                    n++;
                }
            }
            return n;
        }
    }
}
