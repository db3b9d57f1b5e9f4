/**
 * Reactor wiring, usable when {@code reactor-core} and {@code async-kafka-reactor} are on the class
 * path: {@link dev.asynckafka.spring.reactor.ReactiveAsyncKafkaFactory} builds receivers and
 * senders from an {@link dev.asynckafka.spring.core.AsyncKafkaOptionsProvider} (with Boot, the
 * {@code async-kafka.*} configuration).
 */
@NullMarked
package dev.asynckafka.spring.reactor;

import org.jspecify.annotations.NullMarked;
