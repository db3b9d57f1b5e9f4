/**
 * The producer's machinery: the accumulator of per-partition batches with its buffer accounting and
 * waiting sends, the sender that drains batches into one Produce request per broker, and the
 * idempotence state (producer id, epoch, sequences), and the transaction manager with its state
 * machine ({@code TransactionManager}, {@code TransactionState}). Everything here lives on the producer's event
 * loop. Not public API.
 */
@NullMarked
package dev.asynckafka.producer.internal;

import org.jspecify.annotations.NullMarked;
