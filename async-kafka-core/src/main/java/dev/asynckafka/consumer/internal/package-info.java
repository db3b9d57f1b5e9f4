/** Internal: the consumer's fetcher, partition buffers, subscription state and offset lookups. */
@NullMarked
package dev.asynckafka.consumer.internal;

import org.jspecify.annotations.NullMarked;
