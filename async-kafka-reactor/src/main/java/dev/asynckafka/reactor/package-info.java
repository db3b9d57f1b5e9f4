/**
 * Reactive Streams for Kafka on Project Reactor: {@link dev.asynckafka.reactor.KafkaReceiver}, whose
 * subscribers' demand drives the consumer's per-partition fetching, and {@link
 * dev.asynckafka.reactor.KafkaSender}, which sends a {@code Publisher} of records with a bounded
 * number in flight.
 */
@NullMarked
package dev.asynckafka.reactor;

import org.jspecify.annotations.NullMarked;
