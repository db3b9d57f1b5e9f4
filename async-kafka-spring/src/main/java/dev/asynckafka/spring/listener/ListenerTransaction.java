package dev.asynckafka.spring.listener;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction one record (or batch) is processed in, when {@code
 * async-kafka.producer.transaction-id-prefix} makes the listener containers transactional
 * (consume-transform-produce, exactly once). Declare a parameter of this type on an {@link
 * AsyncKafkaListener} method to send records in it: they become visible to {@code read_committed}
 * consumers together with the commit of the record's offset, or not at all when the listener fails
 * (the transaction is aborted and the record retried or dead-lettered).
 *
 * <p>Bound to one listener call: sends through it after the call's stage completed (or after it
 * threw) fail with an {@link IllegalStateException} instead of slipping into the next record's
 * transaction. The container begins, commits and aborts the transaction itself.
 */
public interface ListenerTransaction {

    /**
     * Sends a record in this transaction, its key and value serialized like the producer bean's
     * ({@code async-kafka.producer.key-serializer} / {@code value-serializer} or their beans).
     *
     * @return completes on the producer's event loop when the broker acknowledged the record (it is
     *     visible to {@code read_committed} consumers only once the transaction commits); fails with
     *     the send's error, a serialization error, or an {@link IllegalStateException} once the
     *     transaction is over. A record whose send failed makes the commit fail (the record is then
     *     retried). Cancelling the future does not withdraw the record.
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<?, ?> record);

    /**
     * The transactional producer of this partition, for records already serialized. Do not call its
     * transaction methods ({@code beginTransaction}, {@code commitTransaction}, ...) or close it: the
     * container does; records sent with it go into this transaction while it is open.
     */
    AsyncKafkaProducer<byte[], byte[]> producer();

    /** The producer's {@code transactional.id}: the prefix, the group, the topic and the partition. */
    String transactionalId();
}
