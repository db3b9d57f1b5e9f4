package dev.asynckafka.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kafka cluster is: the bootstrap servers every async-kafka client of the application
 * connects to. The default is backed by {@code async-kafka.bootstrap-servers}; a service connection
 * (for example {@code @ServiceConnection} on a Testcontainers {@code KafkaContainer}) replaces it.
 */
public interface AsyncKafkaConnectionDetails extends ConnectionDetails {

    /** The bootstrap servers, as {@code host:port} entries. */
    List<String> getBootstrapServers();
}
