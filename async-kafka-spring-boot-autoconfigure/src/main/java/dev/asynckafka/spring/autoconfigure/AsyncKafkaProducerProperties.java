package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.record.CompressionType;
import dev.asynckafka.spring.core.SerdeType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * "async-kafka.producer.*": the producer bean and factory-made producers.
 *
 * <p>The {@link AsyncKafkaProperties#getProducer()} group of the configuration.
 */
public class AsyncKafkaProducerProperties {
    /** Replicas that must have a record before it is acknowledged: "all" (or "-1"), "1" or "0". */
    private String acks = "all";

    /**
     * Whether the producer is idempotent (no duplicates from retries). Unset: on unless acks,
     * retries or max-in-flight conflict, as in kafka-clients; true with a conflict fails startup.
     */
    private @Nullable Boolean enableIdempotence;

    /** Target size of one partition's batch. */
    private DataSize batchSize = DataSize.ofBytes(16384);

    /** How long a batch that is not full waits for more records. */
    private Duration linger = Duration.ofMillis(5);

    /** Compression codec of record batches. */
    private CompressionType compressionType = CompressionType.NONE;

    /** Memory for records waiting to be sent or acknowledged. */
    private DataSize bufferMemory = DataSize.ofMegabytes(32);

    /** How long a send may wait for metadata and buffer space before its future fails. */
    private Duration maxBlock = Duration.ofSeconds(60);

    /** Largest record and largest Produce request. */
    private DataSize maxRequestSize = DataSize.ofMegabytes(1);

    /** Time from send until a record is acknowledged or failed, retries included. */
    private Duration deliveryTimeout = Duration.ofMinutes(2);

    /** How often a failed batch is retried within the delivery timeout. */
    private int retries = 2_147_483_647;

    /** Whether keyed records are partitioned as keyless ones. */
    private boolean partitionerIgnoreKeys = false;

    /** Serializer of the producer bean's keys. */
    private SerdeType keySerializer = SerdeType.AUTO;

    /** Serializer of the producer bean's values. */
    private SerdeType valueSerializer = SerdeType.AUTO;

    /**
     * Makes the producer bean transactional: its transactional.id is this prefix followed by "0".
     * Must differ between application instances running at the same time (two live producers with
     * one id fence each other) and stay the same across restarts of one instance.
     */
    private @Nullable String transactionIdPrefix;

    /** Longest time a transaction may stay open before the coordinator aborts it. */
    private Duration transactionTimeout = Duration.ofMinutes(1);

    /** Extra producer settings by their Kafka names; win over the global properties map. */
    private Map<String, String> properties = new LinkedHashMap<>();

    public String getAcks() {
        return acks;
    }

    public void setAcks(String acks) {
        this.acks = acks;
    }

    public @Nullable Boolean getEnableIdempotence() {
        return enableIdempotence;
    }

    public void setEnableIdempotence(@Nullable Boolean enableIdempotence) {
        this.enableIdempotence = enableIdempotence;
    }

    public DataSize getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(DataSize batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getLinger() {
        return linger;
    }

    public void setLinger(Duration linger) {
        this.linger = linger;
    }

    public CompressionType getCompressionType() {
        return compressionType;
    }

    public void setCompressionType(CompressionType compressionType) {
        this.compressionType = compressionType;
    }

    public DataSize getBufferMemory() {
        return bufferMemory;
    }

    public void setBufferMemory(DataSize bufferMemory) {
        this.bufferMemory = bufferMemory;
    }

    public Duration getMaxBlock() {
        return maxBlock;
    }

    public void setMaxBlock(Duration maxBlock) {
        this.maxBlock = maxBlock;
    }

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public Duration getDeliveryTimeout() {
        return deliveryTimeout;
    }

    public void setDeliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public boolean isPartitionerIgnoreKeys() {
        return partitionerIgnoreKeys;
    }

    public void setPartitionerIgnoreKeys(boolean partitionerIgnoreKeys) {
        this.partitionerIgnoreKeys = partitionerIgnoreKeys;
    }

    public SerdeType getKeySerializer() {
        return keySerializer;
    }

    public void setKeySerializer(SerdeType keySerializer) {
        this.keySerializer = keySerializer;
    }

    public SerdeType getValueSerializer() {
        return valueSerializer;
    }

    public void setValueSerializer(SerdeType valueSerializer) {
        this.valueSerializer = valueSerializer;
    }

    public @Nullable String getTransactionIdPrefix() {
        return transactionIdPrefix;
    }

    public void setTransactionIdPrefix(@Nullable String transactionIdPrefix) {
        this.transactionIdPrefix = transactionIdPrefix;
    }

    public Duration getTransactionTimeout() {
        return transactionTimeout;
    }

    public void setTransactionTimeout(Duration transactionTimeout) {
        this.transactionTimeout = transactionTimeout;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }
}
