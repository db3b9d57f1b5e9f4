/**
 * Micrometer meters for async-kafka: consumer group, rebalance and per-partition lag gauges of every
 * listener container, listener processing timers, and producer counters, all named {@code
 * async.kafka.*}.
 */
@NullMarked
package dev.asynckafka.spring.metrics;

import org.jspecify.annotations.NullMarked;
