/**
 * The parts of Kafka records that the API exposes: {@link dev.asynckafka.record.Header}, {@link
 * dev.asynckafka.record.CompressionType} and {@link dev.asynckafka.record.TimestampType}. The
 * record batch codec itself is internal.
 */
@NullMarked
package dev.asynckafka.record;

import org.jspecify.annotations.NullMarked;
