/**
 * Spring Boot auto-configuration of async-kafka: the {@code async-kafka.*} properties, the client
 * beans, customizers and the connection details.
 */
@NullMarked
package dev.asynckafka.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
