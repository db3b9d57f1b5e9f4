package dev.asynckafka.spring.testcontainers;

import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaConnectionDetails;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * Creates {@link AsyncKafkaConnectionDetails} for a {@code @ServiceConnection}-annotated {@link
 * ConfluentKafkaContainer} ({@code confluentinc/cp-kafka} images): the bootstrap servers are the container's mapped
 * address. Registered in {@code META-INF/spring.factories}; Spring Boot finds it through its {@code
 * ConnectionDetailsFactories}.
 */
class AsyncKafkaConfluentContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<ConfluentKafkaContainer, AsyncKafkaConnectionDetails> {

    AsyncKafkaConfluentContainerConnectionDetailsFactory() {}

    @Override
    protected AsyncKafkaConnectionDetails getContainerConnectionDetails(
            ContainerConnectionSource<ConfluentKafkaContainer> source) {
        return new ConfluentContainerConnectionDetails(source);
    }

    /** The container's bootstrap servers, read when a client asks (the container is started by then). */
    private static final class ConfluentContainerConnectionDetails
            extends ContainerConnectionDetails<ConfluentKafkaContainer> implements AsyncKafkaConnectionDetails {

        ConfluentContainerConnectionDetails(ContainerConnectionSource<ConfluentKafkaContainer> source) {
            super(source);
        }

        @Override
        public List<String> getBootstrapServers() {
            return List.of(getContainer().getBootstrapServers());
        }

        /** The bundle of the container's {@code @Ssl...} annotations, if any. */
        @Override
        public @Nullable SslBundle getSslBundle() {
            return super.getSslBundle();
        }

        /**
         * SSL with a bundle from the container's annotations, else PLAINTEXT, as the container
         * listens (as Spring Boot's own Kafka service connections do): the application's security
         * properties, written for its real cluster, do not apply to the container.
         */
        @Override
        public SecurityProtocol getSecurityProtocol() {
            return getSslBundle() != null ? SecurityProtocol.SSL : SecurityProtocol.PLAINTEXT;
        }
    }
}
