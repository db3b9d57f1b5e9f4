package dev.asynckafka.spring.core;

import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.producer.ProducerOptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The core options the application's configuration describes ({@code async-kafka.*}, connection
 * details, security, customizers), with Kafka-named {@code overrides} on top. What {@link
 * AsyncKafkaClientFactory} builds its clients from; also useful to code that needs the effective
 * settings. Every method is thread-safe.
 *
 * @throws InvalidAsyncKafkaPropertyException (from every method) naming the property or override
 *     whose value is invalid
 */
public interface AsyncKafkaOptionsProvider {

    /** Options of a producer; {@code clientIdSuffix} is appended to the client id with a dash. */
    ProducerOptions producerOptions(@Nullable String clientIdSuffix, Map<String, String> overrides);

    /**
     * Options of a consumer.
     *
     * @param groupId the group, winning over configuration and overrides; null keeps the configured one
     */
    ConsumerOptions consumerOptions(
            @Nullable String groupId, @Nullable String clientIdSuffix, Map<String, String> overrides);

    /** Options of an admin client. */
    AdminOptions adminOptions(@Nullable String clientIdSuffix, Map<String, String> overrides);

    /**
     * A provider for applications without Spring Boot: one kafka-clients style map with the Kafka
     * names of every kind of client ({@code bootstrap.servers}, {@code linger.ms}, {@code
     * group.id}, {@code security.protocol}, ...; see the core's {@code ProducerOptions.fromConfig}).
     * Each kind of client takes the client-wide names and its own; overrides go on top, and a
     * client id suffix is appended to {@code client.id} (default {@code async-kafka}) with a dash.
     * A producer override may set {@code transactional.id}. The options of every kind are built
     * once here, so an invalid map fails now rather than when the first client is created.
     *
     * @param config settings by their Kafka names; values as text or typed
     * @throws InvalidAsyncKafkaPropertyException naming the first name that no client knows, or
     *     whose value is invalid
     */
    static AsyncKafkaOptionsProvider fromConfig(Map<String, ?> config) {
        return new KafkaConfigOptionsProvider(config);
    }
}
