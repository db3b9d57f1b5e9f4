package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns one partition's fetched records bytes into consumer records: CRC checks, decompression,
 * transaction filtering, deserialization. Runs on the consumer's executor, never on the event
 * loop; must be thread-safe (different partitions decode at the same time).
 */
interface ChunkDecoder<K, V> {
    /**
     * Decodes complete batches.
     *
     * @param partition whose data this is
     * @param records the complete batches (a slice of the response; do not write to it)
     * @param fetchOffset records below this offset (earlier records of a compressed batch) are skipped
     * @param abortedTransactions the fetch response's aborted transactions, or null under
     *     read_uncommitted
     * @return the records and the error that stopped decoding, if any; never throws
     */
    DecodeResult<K, V> decode(
            TopicPartition partition,
            ByteBuf records,
            long fetchOffset,
            @Nullable List<FetchResponse.AbortedTransaction> abortedTransactions);
}
