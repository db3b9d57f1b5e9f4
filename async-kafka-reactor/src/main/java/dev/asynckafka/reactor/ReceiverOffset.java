package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import reactor.core.publisher.Mono;

/**
 * The position of one record handed out by {@link KafkaReceiver#receive()} or {@link
 * KafkaReceiver#receivePartitions()}, and the means to acknowledge it (reactor-kafka's {@code
 * ReceiverOffset}).
 *
 * <p>The receiver commits, per partition, only the contiguous prefix of acknowledged records: the
 * committed offset is that of the first record handed out and not yet acknowledged (or one past the
 * last record when all are acknowledged). Acknowledging out of order is allowed; a record
 * acknowledged ahead of an unacknowledged one is committed once the gap before it closes. After a
 * restart, consumption resumes at the committed offset, so records not acknowledged are delivered
 * again — at-least-once.
 *
 * <p>Acknowledgements made after the partition was revoked or lost, or after the receiving {@code
 * Flux} terminated, are ignored: the partition's next owner receives those records again (an
 * acknowledgement made inside the {@code onNext} that cancels still counts). Records handed out
 * stay tracked, a few bytes each, until acknowledged: an application that never acknowledges wants
 * {@link KafkaReceiver#receiveAutoAck()}.
 */
public interface ReceiverOffset {
    /** The record's topic and partition. */
    TopicPartition topicPartition();

    /** The record's offset. */
    long offset();

    /**
     * Marks the record processed. Any thread; never blocks, does no I/O. The offset is committed by
     * the receiver's next commit: every {@link ReceiverOptions#commitInterval()}, after {@link
     * ReceiverOptions#commitBatchSize()} acknowledgements, on revocation, and when the {@code Flux}
     * terminates. Acknowledging twice has no further effect.
     */
    void acknowledge();

    /**
     * Acknowledges the record and commits every acknowledged offset of the receiver now.
     *
     * @return a {@code Mono} that, when subscribed, commits and completes on {@link
     *     dev.asynckafka.consumer.ConsumerOptions#executor()} once the broker accepted the commit; it
     *     fails with the consumer's commit error ({@link dev.asynckafka.consumer.CommitFailedException}
     *     when the member lost the partitions, a retriable {@link
     *     dev.asynckafka.errors.RebalanceInProgressException}, a timeout) or with {@link
     *     IllegalStateException} when the receiver has no {@code group.id}. Cancelling it does not
     *     stop the commit.
     */
    Mono<Void> commit();
}
