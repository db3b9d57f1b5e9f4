package dev.asynckafka.producer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaConfig;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import dev.asynckafka.record.CompressionType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link AsyncKafkaProducer}: the shared {@link ClientOptions} plus producer
 * settings named and defaulted as in kafka-clients. Immutable; build with {@link
 * #builder(ClientOptions)}. {@link Builder#build()} rejects invalid values and invalid
 * combinations with an {@link InvalidConfigurationException} naming the settings involved.
 *
 * <p>{@code request.timeout.ms}, {@code retry.backoff.ms}, {@code retry.backoff.max.ms} and {@code
 * max.in.flight.requests.per.connection} come from the {@link ClientOptions}.
 */
public final class ProducerOptions {
    public static final Acks DEFAULT_ACKS = Acks.ALL;
    public static final boolean DEFAULT_ENABLE_IDEMPOTENCE = true;
    public static final int DEFAULT_BATCH_SIZE = 16384;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    public static final CompressionType DEFAULT_COMPRESSION_TYPE = CompressionType.NONE;
    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_RETRIES = Integer.MAX_VALUE;
    /** kafka-clients' default {@code transaction.timeout.ms}. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(1);
    /** kafka-clients' limit for ordering guarantees of the idempotent producer. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    private final ClientOptions client;
    private final Acks acks;
    private final boolean enableIdempotence;
    private final int batchSize;
    private final Duration linger;
    private final CompressionType compressionType;
    private final long bufferMemory;
    private final Duration maxBlock;
    private final int maxRequestSize;
    private final Duration deliveryTimeout;
    private final int retries;
    private final @Nullable Partitioner partitioner;
    private final boolean partitionerIgnoreKeys;
    private final @Nullable String transactionalId;
    private final Duration transactionTimeout;

    private ProducerOptions(Builder b, boolean enableIdempotence) {
        this.client = b.client;
        this.acks = b.acks;
        this.enableIdempotence = enableIdempotence;
        this.batchSize = b.batchSize;
        this.linger = b.linger;
        this.compressionType = b.compressionType;
        this.bufferMemory = b.bufferMemory;
        this.maxBlock = b.maxBlock;
        this.maxRequestSize = b.maxRequestSize;
        this.deliveryTimeout = b.deliveryTimeout;
        this.retries = b.retries;
        this.partitioner = b.partitioner;
        this.partitionerIgnoreKeys = b.partitionerIgnoreKeys;
        this.transactionalId = b.transactionalId;
        this.transactionTimeout = b.transactionTimeout;
    }

    /** Producer options with every producer setting at its default. */
    public static ProducerOptions of(ClientOptions client) {
        return builder(client).build();
    }

    /** A builder on top of the given client options, every producer setting at its default. */
    public static Builder builder(ClientOptions client) {
        return new Builder(client);
    }

    /**
     * ProducerOptions from kafka-clients style configuration, as {@code new KafkaProducer<>(config)} takes
     * it: one map with the client-wide names (see {@link ClientOptions.Builder#configure(Map)}) and
     * the producer names (see {@link Builder#configure(Map)}).
     *
     * @param config settings by their Kafka names
     * @throws InvalidConfigurationException naming the first setting that is unknown, meant for
     *     another kind of client, or invalid (the value is shown unless it is a secret)
     */
    public static ProducerOptions fromConfig(Map<String, ?> config) {
        KafkaConfig.Split split = KafkaConfig.split(Scope.PRODUCER, config);
        return builder(ClientOptions.fromConfig(split.client()))
                .configure(split.kind())
                .build();
    }

    /**
     * ProducerOptions from a kafka-clients style {@link Properties}; see {@link #fromConfig(Map)}.
     *
     * @param properties settings by their Kafka names; keys must be text
     * @throws InvalidConfigurationException naming the first unknown or invalid setting
     */
    public static ProducerOptions fromProperties(Properties properties) {
        return fromConfig(KafkaConfig.toMap(properties));
    }

    /** The connection and cluster settings. */
    public ClientOptions client() {
        return client;
    }

    /** {@code acks}; default {@link Acks#ALL}. */
    public Acks acks() {
        return acks;
    }

    /** {@code enable.idempotence}; default true. */
    public boolean enableIdempotence() {
        return enableIdempotence;
    }

    /** {@code batch.size}: the target size in bytes of one partition's batch; default 16384. */
    public int batchSize() {
        return batchSize;
    }

    /** {@code linger.ms}: how long a batch that is not full waits for more records; default 5 ms. */
    public Duration linger() {
        return linger;
    }

    /** {@code compression.type}; default none. */
    public CompressionType compressionType() {
        return compressionType;
    }

    /** {@code buffer.memory}: bytes of records waiting to be sent or acknowledged; default 32 MiB. */
    public long bufferMemory() {
        return bufferMemory;
    }

    /**
     * {@code max.block.ms}: how long a send may wait for metadata of its topic and for buffer space
     * before its future fails; {@code send} itself never blocks. Default 60 s.
     */
    public Duration maxBlock() {
        return maxBlock;
    }

    /** {@code max.request.size}: the largest record and the largest Produce request; default 1 MiB. */
    public int maxRequestSize() {
        return maxRequestSize;
    }

    /**
     * {@code delivery.timeout.ms}: the time from {@code send} until a record is acknowledged or
     * failed, retries included; default 120 s.
     */
    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    /** {@code retries}: how often a failed batch is retried (within the delivery timeout). */
    public int retries() {
        return retries;
    }

    /** {@code partitioner.class}: null for the built-in partitioning. */
    public @Nullable Partitioner partitioner() {
        return partitioner;
    }

    /** {@code partitioner.ignore.keys}: keyed records are partitioned as keyless ones; default false. */
    public boolean partitionerIgnoreKeys() {
        return partitionerIgnoreKeys;
    }

    /**
     * {@code transactional.id}: null (the default) for a producer without transactions. When set,
     * the producer is transactional ({@link AsyncKafkaProducer#initTransactions()}), which implies
     * idempotence and {@code acks=all}.
     */
    public @Nullable String transactionalId() {
        return transactionalId;
    }

    /** Whether {@link #transactionalId()} is set. */
    public boolean isTransactional() {
        return transactionalId != null;
    }

    /**
     * {@code transaction.timeout.ms}: how long the transaction coordinator lets a transaction stay
     * open before it aborts it; default 60 s. The broker caps it with {@code
     * transaction.max.timeout.ms} (initTransactions then fails).
     */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    @Override
    public String toString() {
        return "ProducerOptions{acks=" + acks.configName() + ", enable.idempotence=" + enableIdempotence
                + ", batch.size=" + batchSize + ", linger.ms=" + linger.toMillis() + ", compression.type="
                + compressionType.configName() + ", buffer.memory=" + bufferMemory + ", max.block.ms="
                + maxBlock.toMillis() + ", max.request.size=" + maxRequestSize + ", delivery.timeout.ms="
                + deliveryTimeout.toMillis()
                + (transactionalId == null
                        ? ""
                        : ", transactional.id=" + transactionalId + ", transaction.timeout.ms="
                                + transactionTimeout.toMillis())
                + ", " + client + "}";
    }

    /** Builds {@link ProducerOptions}; not thread-safe. */
    public static final class Builder {
        private final ClientOptions client;
        private Acks acks = DEFAULT_ACKS;
        private boolean enableIdempotence = DEFAULT_ENABLE_IDEMPOTENCE;
        private boolean idempotenceSetExplicitly;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration linger = DEFAULT_LINGER;
        private CompressionType compressionType = DEFAULT_COMPRESSION_TYPE;
        private long bufferMemory = DEFAULT_BUFFER_MEMORY;
        private Duration maxBlock = DEFAULT_MAX_BLOCK;
        private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
        private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private @Nullable Partitioner partitioner;
        private boolean partitionerIgnoreKeys;
        private @Nullable String transactionalId;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;

        private Builder(ClientOptions client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder acks(Acks acks) {
            this.acks = Objects.requireNonNull(acks, "acks");
            return this;
        }

        /**
         * {@code enable.idempotence}. When not set explicitly, idempotence is on unless another setting
         * conflicts with it ({@code acks} other than all, {@code retries=0}, or more than 5 requests in
         * flight), as in kafka-clients; set explicitly to true, such a conflict fails {@link #build()}.
         */
        public Builder enableIdempotence(boolean enable) {
            this.enableIdempotence = enable;
            this.idempotenceSetExplicitly = true;
            return this;
        }

        public Builder batchSize(int bytes) {
            this.batchSize = bytes;
            return this;
        }

        public Builder linger(Duration linger) {
            this.linger = Objects.requireNonNull(linger, "linger");
            return this;
        }

        public Builder compressionType(CompressionType type) {
            this.compressionType = Objects.requireNonNull(type, "compressionType");
            return this;
        }

        public Builder bufferMemory(long bytes) {
            this.bufferMemory = bytes;
            return this;
        }

        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = Objects.requireNonNull(maxBlock, "maxBlock");
            return this;
        }

        public Builder maxRequestSize(int bytes) {
            this.maxRequestSize = bytes;
            return this;
        }

        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = Objects.requireNonNull(timeout, "deliveryTimeout");
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** A custom partitioner; null restores the built-in partitioning. */
        public Builder partitioner(@Nullable Partitioner partitioner) {
            this.partitioner = partitioner;
            return this;
        }

        public Builder partitionerIgnoreKeys(boolean ignoreKeys) {
            this.partitionerIgnoreKeys = ignoreKeys;
            return this;
        }

        /**
         * {@code transactional.id}: makes the producer transactional; null (the default) for none.
         * Implies idempotence: {@link #build()} fails when idempotence is switched off explicitly or
         * another setting conflicts with it ({@code acks} other than all, {@code retries=0}, more than
         * 5 requests in flight).
         */
        public Builder transactionalId(@Nullable String transactionalId) {
            this.transactionalId = transactionalId;
            return this;
        }

        /** {@code transaction.timeout.ms}; see {@link ProducerOptions#transactionTimeout()}. */
        public Builder transactionTimeout(Duration timeout) {
            this.transactionTimeout = Objects.requireNonNull(timeout, "transactionTimeout");
            return this;
        }

        /**
         * Applies producer settings given by their Kafka names: {@code acks}, {@code enable.idempotence}, {@code batch.size}, {@code linger.ms}, {@code compression.type}, {@code buffer.memory}, {@code max.block.ms}, {@code max.request.size}, {@code delivery.timeout.ms}, {@code retries}, {@code partitioner.ignore.keys} and {@code transaction.timeout.ms}. Serializers and partitioners are objects given to the producer, not names. The client-wide
         * names ({@code bootstrap.servers}, ...) belong to the {@link ClientOptions} this builder
         * was made with; to give one map with both, use {@link ProducerOptions#fromConfig(Map)}.
         *
         * <p>Values may be text, as in a {@code .properties} file ({@code "5"}, {@code "true"}, {@code
         * "a:9092,b:9092"}), or typed the way kafka-clients accepts them: integral numbers for counts,
         * sizes and milliseconds (or a {@link java.time.Duration}), {@link Boolean}s, lists of texts,
         * and the core's own types ({@code Acks}, {@code CompressionType}, {@code SecurityProtocol},
         * {@code Password}, ...). Runs on the caller's thread; nothing is validated across settings
         * until {@code build()}.
         *
         * @param config settings by their Kafka names
         * @return this builder
         * @throws InvalidConfigurationException for a name that is unknown, client-wide or for
         *     another kind of client, and for a value that cannot be converted; the message names
         *     the setting, shows the value and says what was expected
         */
        public Builder configure(Map<String, ?> config) {
            KafkaConfig.configure(
                    Scope.PRODUCER, this, config, KafkaPropertyTable::producer, "ProducerOptions.Builder");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidConfigurationException naming the invalid setting or combination
         */
        public ProducerOptions build() {
            if (batchSize < 0) {
                throw invalid("batch.size", "must not be negative, was " + batchSize);
            }
            if (linger.isNegative()) {
                throw invalid("linger.ms", "must not be negative, was " + linger.toMillis() + " ms");
            }
            if (bufferMemory < 1) {
                throw invalid("buffer.memory", "must be positive, was " + bufferMemory);
            }
            if (maxBlock.isNegative()) {
                throw invalid("max.block.ms", "must not be negative, was " + maxBlock.toMillis() + " ms");
            }
            if (maxRequestSize < 1) {
                throw invalid("max.request.size", "must be positive, was " + maxRequestSize);
            }
            if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
                throw invalid("delivery.timeout.ms", "must be positive, was " + deliveryTimeout.toMillis() + " ms");
            }
            if (retries < 0) {
                throw invalid("retries", "must not be negative, was " + retries);
            }
            Duration floor = linger.plus(client.requestTimeout());
            if (deliveryTimeout.compareTo(floor) < 0) {
                throw new InvalidConfigurationException("delivery.timeout.ms (" + deliveryTimeout.toMillis()
                        + " ms) must be at least linger.ms + request.timeout.ms (" + floor.toMillis() + " ms)");
            }
            int inFlight = client.maxInFlightRequestsPerConnection();
            if (transactionTimeout.isNegative()
                    || transactionTimeout.isZero()
                    || transactionTimeout.toMillis() > Integer.MAX_VALUE) {
                throw invalid(
                        "transaction.timeout.ms",
                        "must be positive and at most " + Integer.MAX_VALUE + " ms, was "
                                + transactionTimeout.toMillis() + " ms");
            }
            String txnId = transactionalId;
            if (txnId != null) {
                if (txnId.isEmpty()) {
                    throw invalid("transactional.id", "must not be empty (null means no transactions)");
                }
                if (idempotenceSetExplicitly && !enableIdempotence) {
                    throw new InvalidConfigurationException(
                            "transactional.id requires enable.idempotence=true, but it was set to false");
                }
                if (acks != Acks.ALL) {
                    throw new InvalidConfigurationException(
                            "transactional.id requires acks=all, but acks=" + acks.configName());
                }
                if (inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
                    throw new InvalidConfigurationException(
                            "transactional.id requires max.in.flight.requests.per.connection <= "
                                    + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + ", but it is " + inFlight);
                }
                if (retries == 0) {
                    throw new InvalidConfigurationException("transactional.id requires retries > 0");
                }
                return new ProducerOptions(this, true);
            }
            boolean idempotence = enableIdempotence;
            if (idempotenceSetExplicitly && enableIdempotence) {
                if (acks != Acks.ALL) {
                    throw new InvalidConfigurationException(
                            "enable.idempotence=true requires acks=all, but acks=" + acks.configName());
                }
                if (inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
                    throw new InvalidConfigurationException(
                            "enable.idempotence=true requires max.in.flight.requests.per.connection <= "
                                    + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + ", but it is " + inFlight);
                }
                if (retries == 0) {
                    throw new InvalidConfigurationException("enable.idempotence=true requires retries > 0");
                }
            } else if (!idempotenceSetExplicitly) {
                idempotence = acks == Acks.ALL && inFlight <= MAX_IN_FLIGHT_FOR_IDEMPOTENCE && retries > 0;
            }
            return new ProducerOptions(this, idempotence);
        }

        private static InvalidConfigurationException invalid(String name, String problem) {
            return new InvalidConfigurationException("Invalid value for " + name + ": " + problem);
        }
    }
}
