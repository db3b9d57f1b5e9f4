package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.security.SecurityProtocol;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the Kafka cluster is and how to reach it: the bootstrap servers, and optionally the
 * security protocol and the SSL bundle, for every async-kafka client of the application, with
 * per-client-kind overrides. The default is backed by {@code async-kafka.bootstrap-servers} (and
 * leaves security to the {@code async-kafka.security.*} and {@code async-kafka.ssl.*} properties);
 * a service connection (for example {@code @ServiceConnection} on a Testcontainers {@code
 * KafkaContainer}) or a bean of this type replaces it.
 *
 * <p>What a details object returns wins over the properties: a non-null {@link
 * #getSecurityProtocol()} replaces {@code async-kafka.security.protocol}, a non-null {@link
 * #getSslBundle()} replaces {@code async-kafka.ssl.bundle}. SASL credentials still come from the
 * properties (or an {@code OAuthBearerTokenProvider} bean).
 */
public interface AsyncKafkaConnectionDetails extends ConnectionDetails {

    /** The bootstrap servers, as {@code host:port} entries. */
    List<String> getBootstrapServers();

    /** The security protocol, or {@code null} for the one the properties say. */
    default @Nullable SecurityProtocol getSecurityProtocol() {
        return null;
    }

    /** The SSL bundle for TLS, or {@code null} for the one the properties name (if any). */
    default @Nullable SslBundle getSslBundle() {
        return null;
    }

    /** What producers connect with; by default the values above. */
    default Configuration getProducer() {
        return Configuration.of(getBootstrapServers(), getSecurityProtocol(), getSslBundle());
    }

    /** What consumers connect with; by default the values above. */
    default Configuration getConsumer() {
        return Configuration.of(getBootstrapServers(), getSecurityProtocol(), getSslBundle());
    }

    /** What admin clients connect with; by default the values above. */
    default Configuration getAdmin() {
        return Configuration.of(getBootstrapServers(), getSecurityProtocol(), getSslBundle());
    }

    /** The connection of one kind of client. */
    interface Configuration {

        /** The bootstrap servers, as {@code host:port} entries. */
        List<String> getBootstrapServers();

        /** The security protocol, or {@code null} for the one the properties say. */
        default @Nullable SecurityProtocol getSecurityProtocol() {
            return null;
        }

        /** The SSL bundle, or {@code null} for the one the properties name (if any). */
        default @Nullable SslBundle getSslBundle() {
            return null;
        }

        /** A configuration of these values. */
        static Configuration of(
                List<String> bootstrapServers,
                @Nullable SecurityProtocol securityProtocol,
                @Nullable SslBundle sslBundle) {
            List<String> servers = List.copyOf(bootstrapServers);
            return new Configuration() {
                @Override
                public List<String> getBootstrapServers() {
                    return servers;
                }

                @Override
                public @Nullable SecurityProtocol getSecurityProtocol() {
                    return securityProtocol;
                }

                @Override
                public @Nullable SslBundle getSslBundle() {
                    return sslBundle;
                }
            };
        }
    }
}
