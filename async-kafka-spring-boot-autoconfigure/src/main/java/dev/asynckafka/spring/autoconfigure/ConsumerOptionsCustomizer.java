package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.consumer.ConsumerOptions;

/**
 * Changes the {@link ConsumerOptions} of every consumer made by the client factory, listener containers' included, after the {@code async-kafka.*} properties and overrides
 * were applied (code has the last word). Beans of this type are applied in {@link
 * org.springframework.core.annotation.Order @Order}; called at startup and each time a client is
 * created, on the creating thread.
 */
@FunctionalInterface
public interface ConsumerOptionsCustomizer {
    /** Changes the builder in place. */
    void customize(ConsumerOptions.Builder builder);
}
