package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions;

/**
 * Changes the {@link ClientOptions} of every client (producer, consumer, admin), before the client-specific options are built, after the {@code async-kafka.*} properties and overrides
 * were applied (code has the last word). Beans of this type are applied in {@link
 * org.springframework.core.annotation.Order @Order}; called at startup and each time a client is
 * created, on the creating thread.
 */
@FunctionalInterface
public interface ClientOptionsCustomizer {
    /** Changes the builder in place. */
    void customize(ClientOptions.Builder builder);
}
