package dev.asynckafka.consumer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Settings of an {@link AsyncKafkaConsumer}: the shared {@link ClientOptions} plus consumer
 * settings. Names and defaults follow kafka-clients' consumer configuration ({@code DEFAULT_*}
 * constants), plus the bounds of the prefetch buffers, which kafka-clients does not have.
 *
 * <p>Immutable; build with {@link #builder(ClientOptions)}. {@link Builder#build()} fails with an
 * {@link InvalidConfigurationException} naming the first invalid setting.
 */
public final class ConsumerOptions {
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    public static final int DEFAULT_FETCH_MAX_BYTES = 52_428_800;
    public static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(500);
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 1_048_576;
    public static final AutoOffsetReset DEFAULT_AUTO_OFFSET_RESET = AutoOffsetReset.LATEST;
    public static final IsolationLevel DEFAULT_ISOLATION_LEVEL = IsolationLevel.READ_UNCOMMITTED;
    public static final boolean DEFAULT_CHECK_CRCS = true;
    public static final String DEFAULT_CLIENT_RACK = "";
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofMinutes(1);
    /** A partition is fetched only while it buffers fewer bytes than this. */
    public static final int DEFAULT_PARTITION_BUFFER_BYTES = 1_048_576;
    /** No partition is fetched while the whole consumer buffers this many bytes or more. */
    public static final long DEFAULT_TOTAL_BUFFER_BYTES = 64L * 1024 * 1024;

    private final ClientOptions client;
    private final int fetchMinBytes;
    private final int fetchMaxBytes;
    private final Duration fetchMaxWait;
    private final int maxPartitionFetchBytes;
    private final AutoOffsetReset autoOffsetReset;
    private final IsolationLevel isolationLevel;
    private final boolean checkCrcs;
    private final String clientRack;
    private final Duration defaultApiTimeout;
    private final int partitionBufferBytes;
    private final long totalBufferBytes;
    private final Executor executor;

    private ConsumerOptions(Builder b) {
        this.client = b.client;
        this.fetchMinBytes = b.fetchMinBytes;
        this.fetchMaxBytes = b.fetchMaxBytes;
        this.fetchMaxWait = b.fetchMaxWait;
        this.maxPartitionFetchBytes = b.maxPartitionFetchBytes;
        this.autoOffsetReset = b.autoOffsetReset;
        this.isolationLevel = b.isolationLevel;
        this.checkCrcs = b.checkCrcs;
        this.clientRack = b.clientRack;
        this.defaultApiTimeout = b.defaultApiTimeout;
        this.partitionBufferBytes = b.partitionBufferBytes;
        this.totalBufferBytes = b.totalBufferBytes;
        this.executor = b.executor;
    }

    /** Consumer options with defaults on top of the given client options. */
    public static ConsumerOptions of(ClientOptions client) {
        return builder(client).build();
    }

    public static Builder builder(ClientOptions client) {
        return new Builder(client);
    }

    /** The connection and cluster settings. */
    public ClientOptions client() {
        return client;
    }

    /** {@code fetch.min.bytes}: the broker answers a fetch once it has this many bytes (or the wait ends). */
    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    /** {@code fetch.max.bytes}: the most data one fetch response may carry (soft: one batch may exceed it). */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /** {@code fetch.max.wait.ms}: how long the broker may hold a fetch waiting for {@code fetch.min.bytes}. */
    public Duration fetchMaxWait() {
        return fetchMaxWait;
    }

    /** {@code max.partition.fetch.bytes}: the most data one fetch returns per partition (soft, as above). */
    public int maxPartitionFetchBytes() {
        return maxPartitionFetchBytes;
    }

    /** {@code auto.offset.reset}: where a partition without a valid position starts. */
    public AutoOffsetReset autoOffsetReset() {
        return autoOffsetReset;
    }

    /** {@code isolation.level}. */
    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /** {@code check.crcs}: verify every fetched batch's CRC32C. */
    public boolean checkCrcs() {
        return checkCrcs;
    }

    /** {@code client.rack}: the consumer's rack, so brokers may point it to a nearby replica (KIP-392). */
    public String clientRack() {
        return clientRack;
    }

    /** {@code default.api.timeout.ms}: time budget of offset lookups ({@code beginningOffsets} and the like). */
    public Duration defaultApiTimeout() {
        return defaultApiTimeout;
    }

    /**
     * The per-partition prefetch bound: a partition is included in a fetch only while its buffer
     * holds fewer bytes than this. A buffer holds at most this plus one fetch's worth for the
     * partition ({@code max.partition.fetch.bytes}, or one larger batch).
     */
    public int partitionBufferBytes() {
        return partitionBufferBytes;
    }

    /** The bound of all partitions' buffers together: no fetch is sent while they hold this much. */
    public long totalBufferBytes() {
        return totalBufferBytes;
    }

    /**
     * Where fetched data is decoded (CRC check, decompression, deserialization) and where {@code
     * getMany}/{@code getOne} futures complete; by default {@link ForkJoinPool#commonPool()}.
     */
    public Executor executor() {
        return executor;
    }

    @Override
    public String toString() {
        return "ConsumerOptions{client=" + client + ", fetchMinBytes=" + fetchMinBytes + ", fetchMaxBytes="
                + fetchMaxBytes + ", fetchMaxWait=" + fetchMaxWait + ", maxPartitionFetchBytes="
                + maxPartitionFetchBytes + ", autoOffsetReset=" + autoOffsetReset.configName() + ", isolationLevel="
                + isolationLevel.configName() + ", checkCrcs=" + checkCrcs + ", clientRack=" + clientRack
                + ", partitionBufferBytes=" + partitionBufferBytes + ", totalBufferBytes=" + totalBufferBytes + "}";
    }

    /** Builds {@link ConsumerOptions}; not thread-safe. */
    public static final class Builder {
        private final ClientOptions client;
        private int fetchMinBytes = DEFAULT_FETCH_MIN_BYTES;
        private int fetchMaxBytes = DEFAULT_FETCH_MAX_BYTES;
        private Duration fetchMaxWait = DEFAULT_FETCH_MAX_WAIT;
        private int maxPartitionFetchBytes = DEFAULT_MAX_PARTITION_FETCH_BYTES;
        private AutoOffsetReset autoOffsetReset = DEFAULT_AUTO_OFFSET_RESET;
        private IsolationLevel isolationLevel = DEFAULT_ISOLATION_LEVEL;
        private boolean checkCrcs = DEFAULT_CHECK_CRCS;
        private String clientRack = DEFAULT_CLIENT_RACK;
        private Duration defaultApiTimeout = DEFAULT_API_TIMEOUT;
        private int partitionBufferBytes = DEFAULT_PARTITION_BUFFER_BYTES;
        private long totalBufferBytes = DEFAULT_TOTAL_BUFFER_BYTES;
        private Executor executor = ForkJoinPool.commonPool();

        private Builder(ClientOptions client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder fetchMinBytes(int bytes) {
            this.fetchMinBytes = bytes;
            return this;
        }

        public Builder fetchMaxBytes(int bytes) {
            this.fetchMaxBytes = bytes;
            return this;
        }

        public Builder fetchMaxWait(Duration wait) {
            this.fetchMaxWait = Objects.requireNonNull(wait, "fetchMaxWait");
            return this;
        }

        public Builder maxPartitionFetchBytes(int bytes) {
            this.maxPartitionFetchBytes = bytes;
            return this;
        }

        public Builder autoOffsetReset(AutoOffsetReset reset) {
            this.autoOffsetReset = Objects.requireNonNull(reset, "autoOffsetReset");
            return this;
        }

        public Builder isolationLevel(IsolationLevel level) {
            this.isolationLevel = Objects.requireNonNull(level, "isolationLevel");
            return this;
        }

        public Builder checkCrcs(boolean check) {
            this.checkCrcs = check;
            return this;
        }

        public Builder clientRack(String rack) {
            this.clientRack = Objects.requireNonNull(rack, "clientRack");
            return this;
        }

        public Builder defaultApiTimeout(Duration timeout) {
            this.defaultApiTimeout = Objects.requireNonNull(timeout, "defaultApiTimeout");
            return this;
        }

        public Builder partitionBufferBytes(int bytes) {
            this.partitionBufferBytes = bytes;
            return this;
        }

        public Builder totalBufferBytes(long bytes) {
            this.totalBufferBytes = bytes;
            return this;
        }

        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidConfigurationException naming the first invalid setting
         */
        public ConsumerOptions build() {
            if (fetchMinBytes < 0) {
                throw invalid("fetch.min.bytes", "must not be negative, was " + fetchMinBytes);
            }
            if (fetchMaxBytes < 1) {
                throw invalid("fetch.max.bytes", "must be positive, was " + fetchMaxBytes);
            }
            if (fetchMaxWait.isNegative() || fetchMaxWait.toMillis() > Integer.MAX_VALUE) {
                throw invalid(
                        "fetch.max.wait.ms",
                        "must be between 0 and " + Integer.MAX_VALUE + " ms, was " + fetchMaxWait.toMillis() + " ms");
            }
            if (maxPartitionFetchBytes < 1) {
                throw invalid("max.partition.fetch.bytes", "must be positive, was " + maxPartitionFetchBytes);
            }
            if (defaultApiTimeout.isNegative() || defaultApiTimeout.isZero()) {
                throw invalid(
                        "default.api.timeout.ms", "must be positive, was " + defaultApiTimeout.toMillis() + " ms");
            }
            if (partitionBufferBytes < 1) {
                throw invalid("partition.buffer.bytes", "must be positive, was " + partitionBufferBytes);
            }
            if (totalBufferBytes < partitionBufferBytes) {
                throw invalid(
                        "total.buffer.bytes",
                        "must be at least partition.buffer.bytes (" + partitionBufferBytes + "), was "
                                + totalBufferBytes);
            }
            return new ConsumerOptions(this);
        }

        private static InvalidConfigurationException invalid(String name, String problem) {
            return new InvalidConfigurationException("Invalid value for " + name + ": " + problem);
        }
    }
}
