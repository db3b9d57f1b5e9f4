package dev.asynckafka.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a test constructor, test method or lifecycle method in a
 * class annotated with {@link EmbeddedAsyncKafka} to receive the cluster's bootstrap servers
 * ({@link EmbeddedKafkaCluster#bootstrapServers()}).
 *
 * <pre>{@code
 * @Test
 * void sends(@BootstrapServers String bootstrapServers) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BootstrapServers {}
