/**
 * {@code @AsyncKafkaListener} methods and the containers that feed them per partition; enabled by
 * the Boot auto-configuration, or by {@link dev.asynckafka.spring.listener.EnableAsyncKafka}
 * without Boot.
 */
@NullMarked
package dev.asynckafka.spring.listener;

import org.jspecify.annotations.NullMarked;
