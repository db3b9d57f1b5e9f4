package dev.asynckafka.internal.record.bench;

import dev.asynckafka.internal.record.Record;
import dev.asynckafka.internal.record.RecordBatch;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.internal.record.RecordBatchReader;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encodes and decodes 1,000-record batches of 100-byte values per codec, with our codec and with
 * kafka-clients' {@code MemoryRecordsBuilder} / {@code MemoryRecords} in the same run. Decoding reads the
 * same kafka-written bytes with both, checking CRCs and touching every key and value, as a consumer does
 * (kafka-clients through the streaming iterator its consumer uses). Not run by the tests. To run it:
 *
 * <pre>
 * mvn -B -q -pl async-kafka-core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * cd async-kafka-core
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     dev.asynckafka.internal.record.bench.RecordCodecBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordCodecBenchmark {
    private static final int RECORDS = 1_000;
    private static final int VALUE_SIZE = 100;
    private static final int BATCH_SIZE = 128 * 1024;
    private static final Header[] NO_HEADERS = new Header[0];
    private static final org.apache.kafka.common.header.Header[] NO_KAFKA_HEADERS =
            new org.apache.kafka.common.header.Header[0];

    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec = "none";

    private CompressionType type = CompressionType.NONE;
    private Compression kafkaCompression = Compression.NONE;
    private byte[][] values = new byte[0][];
    private long[] timestamps = new long[0];
    private ByteBuffer encoded = ByteBuffer.allocate(0);
    private ByteBuf encodedBuf = Unpooled.EMPTY_BUFFER;
    private BufferSupplier bufferSupplier = BufferSupplier.create();

    @Setup
    public void setup() {
        type = CompressionType.forName(codec);
        kafkaCompression = Compression.of(codec).build();
        SplittableRandom random = new SplittableRandom(42);
        values = new byte[RECORDS][];
        timestamps = new long[RECORDS];
        String[] words = {"order", "id", "customer", "amount", "EUR", "status", "shipped", "{", "}", ":", ","};
        for (int i = 0; i < RECORDS; i++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < VALUE_SIZE) {
                sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000));
            }
            values[i] = sb.substring(0, VALUE_SIZE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            timestamps[i] = 1_700_000_000_000L + i;
        }
        encoded = encodeKafka();
        encodedBuf = Unpooled.wrappedBuffer(encoded.duplicate());
        bufferSupplier = BufferSupplier.create();
    }

    @Benchmark
    public ByteBuf encodeOurs() {
        RecordBatchBuilder builder = RecordBatchBuilder.create(type, BATCH_SIZE);
        for (int i = 0; i < RECORDS; i++) {
            builder.tryAppend(timestamps[i], null, values[i], NO_HEADERS);
        }
        return builder.close();
    }

    @Benchmark
    public ByteBuffer encodeKafka() {
        MemoryRecordsBuilder builder =
                MemoryRecords.builder(ByteBuffer.allocate(BATCH_SIZE), kafkaCompression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < RECORDS; i++) {
            builder.append(timestamps[i], null, values[i], NO_KAFKA_HEADERS);
        }
        return builder.build().buffer();
    }

    @Benchmark
    public void decodeOurs(Blackhole bh) {
        RecordBatchReader reader = RecordBatchReader.of(encodedBuf, null, true, 64 * 1024 * 1024);
        while (reader.hasNext()) {
            RecordBatch batch = reader.next();
            for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                Record record = it.next();
                bh.consume(record.offset());
                bh.consume(record.key());
                bh.consume(record.value());
            }
        }
    }

    @Benchmark
    public void decodeKafka(Blackhole bh) {
        MemoryRecords records = MemoryRecords.readableRecords(encoded.duplicate());
        for (org.apache.kafka.common.record.RecordBatch batch : records.batches()) {
            batch.ensureValid();
            try (CloseableIterator<org.apache.kafka.common.record.Record> it =
                    batch.streamingIterator(bufferSupplier)) {
                while (it.hasNext()) {
                    org.apache.kafka.common.record.Record record = it.next();
                    bh.consume(record.offset());
                    bh.consume(record.key());
                    bh.consume(record.value());
                }
            }
        }
    }

    /** Runs JMH on this benchmark; arguments are JMH's (e.g. {@code -f 1 -wi 3 -i 5 -prof gc}). */
    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = RecordCodecBenchmark.class.getName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
