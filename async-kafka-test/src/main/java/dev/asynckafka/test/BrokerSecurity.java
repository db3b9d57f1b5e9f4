package dev.asynckafka.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Security of the client-facing listener of an {@link EmbeddedKafkaCluster}: TLS with generated
 * certificates, SASL mechanisms and users, and a session lifetime that makes clients
 * re-authenticate (KIP-368). Brokers still talk to each other over a separate plaintext listener.
 *
 * <p>OAUTHBEARER uses the broker's unsecured-JWT validator: any unsigned token with a {@code sub}
 * claim is accepted. Test use only.
 */
public final class BrokerSecurity {
    private final String protocol;
    private final List<String> mechanisms;
    private final Map<String, String> users;
    private final long reauthenticationMs;
    private final List<String> certificateDnsNames;
    private final List<String> certificateIpAddresses;

    private BrokerSecurity(Builder b) {
        this.protocol = b.protocol;
        this.mechanisms = List.copyOf(b.mechanisms);
        this.users = Map.copyOf(b.users);
        this.reauthenticationMs = b.reauthenticationMs;
        this.certificateDnsNames = List.copyOf(b.dnsNames);
        this.certificateIpAddresses = List.copyOf(b.ipAddresses);
    }

    /** A TLS listener. */
    public static Builder ssl() {
        return new Builder("SSL");
    }

    /** A SASL listener without TLS. */
    public static Builder saslPlaintext() {
        return new Builder("SASL_PLAINTEXT");
    }

    /** A SASL listener over TLS. */
    public static Builder saslSsl() {
        return new Builder("SASL_SSL");
    }

    /** {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    public String protocol() {
        return protocol;
    }

    /** Whether the listener uses TLS. */
    public boolean usesTls() {
        return protocol.endsWith("SSL");
    }

    /** Whether the listener uses SASL. */
    public boolean usesSasl() {
        return protocol.startsWith("SASL");
    }

    /** Enabled SASL mechanisms, such as {@code SCRAM-SHA-256}. */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /** Users and passwords known to PLAIN and SCRAM. */
    public Map<String, String> users() {
        return users;
    }

    /** {@code connections.max.reauth.ms}, or 0 for none. */
    public long reauthenticationMs() {
        return reauthenticationMs;
    }

    List<String> certificateDnsNames() {
        return certificateDnsNames;
    }

    List<String> certificateIpAddresses() {
        return certificateIpAddresses;
    }

    /** Builds {@link BrokerSecurity}. */
    public static final class Builder {
        private final String protocol;
        private final List<String> mechanisms = new ArrayList<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private long reauthenticationMs;
        private List<String> dnsNames = List.of("localhost");
        private List<String> ipAddresses = List.of("127.0.0.1");

        private Builder(String protocol) {
            this.protocol = protocol;
        }

        /** Enables SASL mechanisms: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER. */
        public Builder mechanisms(String... names) {
            mechanisms.addAll(List.of(names));
            return this;
        }

        /** Adds a user for PLAIN and SCRAM. */
        public Builder user(String name, String password) {
            users.put(Objects.requireNonNull(name), Objects.requireNonNull(password));
            return this;
        }

        /** Sets {@code connections.max.reauth.ms}, so clients must re-authenticate that often. */
        public Builder reauthenticationMs(long millis) {
            this.reauthenticationMs = millis;
            return this;
        }

        /**
         * The names in the broker certificate (default {@code localhost} and {@code 127.0.0.1});
         * give other names to test hostname verification failures.
         */
        public Builder certificateNames(List<String> dns, List<String> ips) {
            this.dnsNames = List.copyOf(dns);
            this.ipAddresses = List.copyOf(ips);
            return this;
        }

        public BrokerSecurity build() {
            if (protocol.startsWith("SASL") && mechanisms.isEmpty()) {
                throw new IllegalArgumentException(protocol + " needs at least one SASL mechanism");
            }
            return new BrokerSecurity(this);
        }
    }
}
