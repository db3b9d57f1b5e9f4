package dev.asynckafka.consumer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.RecordDeserializationException;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.record.ControlRecordType;
import dev.asynckafka.internal.record.Record;
import dev.asynckafka.internal.record.RecordBatch;
import dev.asynckafka.internal.record.RecordBatchReader;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Deserializer;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChunkDecoder} over the record batch codec: checks CRCs (if {@code check.crcs}),
 * decompresses, drops control batches and, under read_committed, the batches of aborted
 * transactions, and deserializes keys and values.
 *
 * <p>Aborted transactions: the fetch response lists (producer id, first offset) of every aborted
 * transaction overlapping the fetched range. Walking the batches in offset order, a producer
 * becomes "aborting" once the walk passes its first offset; its transactional batches are then
 * skipped until its ABORT marker (a control batch) ends that transaction.
 *
 * <p>Stateless apart from its configuration; runs on the consumer's executor.
 */
public final class RecordDecoder<K, V> implements ChunkDecoder<K, V> {
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final boolean checkCrcs;
    private final int maxDecompressedBatchBytes;

    public RecordDecoder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, ConsumerOptions options) {
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.checkCrcs = options.checkCrcs();
        // A guard against decompression bombs; well above any batch a producer can write by default.
        this.maxDecompressedBatchBytes = Math.max(64 * 1024 * 1024, options.fetchMaxBytes());
    }

    @Override
    public DecodeResult<K, V> decode(
            TopicPartition partition,
            ByteBuf records,
            long fetchOffset,
            @Nullable List<FetchResponse.AbortedTransaction> abortedTransactions) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        PriorityQueue<FetchResponse.AbortedTransaction> aborted = null;
        Set<Long> aborting = new HashSet<>();
        if (abortedTransactions != null) {
            aborted = new PriorityQueue<>(
                    Math.max(1, abortedTransactions.size()),
                    Comparator.comparingLong(FetchResponse.AbortedTransaction::firstOffset));
            aborted.addAll(abortedTransactions);
        }
        Sink sink = new Sink(partition, fetchOffset, out);
        try {
            RecordBatchReader reader = RecordBatchReader.of(records, partition, checkCrcs, maxDecompressedBatchBytes);
            while (reader.hasNext()) {
                RecordBatch batch = reader.next();
                sink.at = Math.max(sink.at, batch.baseOffset());
                if (batch.nextOffset() <= fetchOffset) {
                    continue;
                }
                if (aborted != null) {
                    while (!aborted.isEmpty() && aborted.peek().firstOffset() <= batch.lastOffset()) {
                        aborting.add(aborted.poll().producerId());
                    }
                }
                if (batch.isControl()) {
                    if (batch.isTransactional() && aborting.contains(batch.producerId())) {
                        Iterator<Record> it = batch.records();
                        if (it.hasNext() && it.next().controlType() == ControlRecordType.ABORT) {
                            aborting.remove(batch.producerId());
                        }
                    }
                    continue;
                }
                if (aborted != null && batch.isTransactional() && aborting.contains(batch.producerId())) {
                    continue;
                }
                // Records are deserialized as they are read: their bytes need not outlive the visit.
                sink.batch = batch;
                batch.forEachRecord(sink);
                sink.at = batch.nextOffset();
            }
        } catch (RecordDeserializationException e) {
            return new DecodeResult<>(out, e, e.offset());
        } catch (KafkaException e) {
            return new DecodeResult<>(out, e, sink.at);
        } catch (RuntimeException e) {
            return new DecodeResult<>(
                    out,
                    new KafkaException(
                            "Decoding fetched data of " + partition + " at offset " + sink.at + " failed: " + e, e),
                    sink.at);
        }
        return new DecodeResult<>(out, null, -1);
    }

    /** Deserializes the records of one decode call's batches into {@code out}, tracking the offset reached. */
    private final class Sink implements Consumer<Record> {
        private final TopicPartition partition;
        private final long fetchOffset;
        private final List<ConsumerRecord<K, V>> out;
        /** The offset decoding reached: where an error is reported. */
        long at;

        @Nullable
        RecordBatch batch;

        Sink(TopicPartition partition, long fetchOffset, List<ConsumerRecord<K, V>> out) {
            this.partition = partition;
            this.fetchOffset = fetchOffset;
            this.out = out;
            this.at = fetchOffset;
        }

        @Override
        public void accept(Record r) {
            if (r.offset() < fetchOffset) {
                return;
            }
            at = r.offset();
            out.add(toConsumerRecord(partition, Objects.requireNonNull(batch), r));
        }
    }

    private ConsumerRecord<K, V> toConsumerRecord(TopicPartition partition, RecordBatch batch, Record r) {
        ByteBuffer key = r.keyBuffer();
        ByteBuffer value = r.valueBuffer();
        // Sizes first: a deserializer may read the buffers with relative getters.
        int keySize = key == null ? -1 : key.remaining();
        int valueSize = value == null ? -1 : value.remaining();
        K k;
        V v;
        try {
            k = keyDeserializer.deserialize(partition.topic(), key);
        } catch (RuntimeException e) {
            throw deserializationFailed(partition, r, "key", e);
        }
        try {
            v = valueDeserializer.deserialize(partition.topic(), value);
        } catch (RuntimeException e) {
            throw deserializationFailed(partition, r, "value", e);
        }
        return new ConsumerRecord<>(
                partition.topic(),
                partition.partition(),
                r.offset(),
                r.timestamp(),
                batch.timestampType(),
                keySize,
                valueSize,
                headers(r.headers()),
                k,
                v,
                batch.partitionLeaderEpoch());
    }

    private static List<Header> headers(Header[] headers) {
        return headers.length == 0 ? List.of() : List.of(headers);
    }

    private static RecordDeserializationException deserializationFailed(
            TopicPartition partition, Record r, String what, RuntimeException cause) {
        return new RecordDeserializationException(
                partition,
                r.offset(),
                "Cannot deserialize the " + what + " of the record at offset " + r.offset() + " of " + partition
                        + " (seek to offset " + (r.offset() + 1) + " to skip it): " + cause,
                cause);
    }
}
