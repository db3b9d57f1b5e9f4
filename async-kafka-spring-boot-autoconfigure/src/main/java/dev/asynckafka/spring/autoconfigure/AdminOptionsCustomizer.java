package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.admin.AdminOptions;

/**
 * Changes the {@link AdminOptions} of every admin client: the admin bean and factory-made ones, after the {@code async-kafka.*} properties and overrides
 * were applied (code has the last word). Beans of this type are applied in {@link
 * org.springframework.core.annotation.Order @Order}; called at startup and each time a client is
 * created, on the creating thread.
 */
@FunctionalInterface
public interface AdminOptionsCustomizer {
    /** Changes the builder in place. */
    void customize(AdminOptions.Builder builder);
}
