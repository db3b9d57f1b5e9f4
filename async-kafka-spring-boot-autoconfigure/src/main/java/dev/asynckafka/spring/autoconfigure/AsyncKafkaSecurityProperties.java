package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SecurityProtocol;
import org.jspecify.annotations.Nullable;

/**
 * "async-kafka.security.*": "security.protocol" and SASL.
 *
 * <p>The {@link AsyncKafkaProperties#getSecurity()} group of the configuration.
 */
public class AsyncKafkaSecurityProperties {
    /** How connections to brokers are protected. */
    private SecurityProtocol protocol = SecurityProtocol.PLAINTEXT;

    private final Sasl sasl = new Sasl();

    public SecurityProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(SecurityProtocol protocol) {
        this.protocol = protocol;
    }

    public Sasl getSasl() {
        return sasl;
    }

    /** "async-kafka.security.sasl.*": mechanism and credentials for SASL_PLAINTEXT and SASL_SSL. */
    public static class Sasl {
        /** SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER. */
        private @Nullable SaslMechanism mechanism;

        /** User name for PLAIN and SCRAM. */
        private @Nullable String username;

        /** Password for PLAIN and SCRAM; never logged or shown in messages. */
        private @Nullable String password;

        private final OAuthBearer oauthbearer = new OAuthBearer();

        public @Nullable SaslMechanism getMechanism() {
            return mechanism;
        }

        public void setMechanism(@Nullable SaslMechanism mechanism) {
            this.mechanism = mechanism;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public OAuthBearer getOauthbearer() {
            return oauthbearer;
        }
    }

    /** "async-kafka.security.sasl.oauthbearer.*". */
    public static class OAuthBearer {
        /**
         * A static bearer token for OAUTHBEARER (tests, long-lived tokens). An "OAuthBearerTokenProvider" bean wins over it.
         */
        private @Nullable String token;

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }
    }
}
