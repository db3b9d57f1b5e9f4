/**
 * The asynchronous producer: {@link dev.asynckafka.producer.AsyncKafkaProducer}, its options
 * ({@link dev.asynckafka.producer.ProducerOptions}, named and defaulted as in kafka-clients), the
 * record to send and the acknowledgement ({@link dev.asynckafka.producer.ProducerRecord}, {@link
 * dev.asynckafka.producer.RecordMetadata}), partitioning ({@link dev.asynckafka.producer.Partitioner})
 * and a metrics snapshot ({@link dev.asynckafka.producer.ProducerMetrics}).
 *
 * <p>With a {@code transactional.id} the producer is transactional (exactly-once with
 * read_committed consumers): see the Transactions section of {@link
 * dev.asynckafka.producer.AsyncKafkaProducer}.
 *
 * <p>{@code send} never blocks: waits for metadata or buffer space are part of the returned future.
 * Futures complete on the producer's event loop; see {@link dev.asynckafka} for the threading
 * contract.
 */
@NullMarked
package dev.asynckafka.producer;

import org.jspecify.annotations.NullMarked;
