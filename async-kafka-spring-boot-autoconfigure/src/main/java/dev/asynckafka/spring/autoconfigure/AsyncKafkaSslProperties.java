package dev.asynckafka.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * "async-kafka.ssl.*": TLS through a Spring Boot SSL bundle.
 *
 * <p>The {@link AsyncKafkaProperties#getSsl()} group of the configuration.
 */
public class AsyncKafkaSslProperties {
    /**
     * Name of the Spring Boot SSL bundle ("spring.ssl.bundle.*") whose trust and key
     * material, protocols and ciphers TLS connections use. Unset: the JDK's default trust store.
     */
    private @Nullable String bundle;

    /**
     * Whether a broker's certificate must match the host name connected to. Turn off only for
     * test setups: it allows man-in-the-middle attacks.
     */
    private boolean endpointIdentification = true;

    public @Nullable String getBundle() {
        return bundle;
    }

    public void setBundle(@Nullable String bundle) {
        this.bundle = bundle;
    }

    public boolean isEndpointIdentification() {
        return endpointIdentification;
    }

    public void setEndpointIdentification(boolean endpointIdentification) {
        this.endpointIdentification = endpointIdentification;
    }
}
