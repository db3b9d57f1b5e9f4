/** {@code @AsyncKafkaListener} methods and the containers that feed them per partition. */
@NullMarked
package dev.asynckafka.spring.listener;

import org.jspecify.annotations.NullMarked;
