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
}
