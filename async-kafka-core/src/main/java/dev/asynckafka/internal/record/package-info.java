/**
 * Kafka record batches: the magic 2 batch writer ({@link RecordBatchBuilder}), the
 * reader of fetched records ({@link RecordBatchReader}, magic 2 and legacy magic 0
 * and 1 message sets) and the compression codecs (gzip, snappy, lz4, zstd).
 *
 * <p>Every malformed input, whatever the field, ends in a {@link
 * dev.asynckafka.errors.CorruptRecordException} naming the topic-partition and offset where known.
 */
@NullMarked
package dev.asynckafka.internal.record;

import org.jspecify.annotations.NullMarked;
