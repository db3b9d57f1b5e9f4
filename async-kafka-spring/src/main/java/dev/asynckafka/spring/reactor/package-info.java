/**
 * Reactor wiring of the starter, active when {@code reactor-core} and {@code async-kafka-reactor}
 * are on the class path: {@link dev.asynckafka.spring.reactor.ReactiveAsyncKafkaFactory} builds
 * receivers and senders from the {@code async-kafka.*} configuration.
 */
@NullMarked
package dev.asynckafka.spring.reactor;

import org.jspecify.annotations.NullMarked;
