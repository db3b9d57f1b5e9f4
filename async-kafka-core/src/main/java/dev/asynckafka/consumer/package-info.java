/**
 * The asynchronous consumer: {@link dev.asynckafka.consumer.AsyncKafkaConsumer} with per-partition
 * prefetch buffers, and its options and record types.
 */
@NullMarked
package dev.asynckafka.consumer;

import org.jspecify.annotations.NullMarked;
