package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.spring.core.SerdeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * "async-kafka.consumer.*": consumers made by the client factory (and listener containers).
 *
 * <p>The {@link AsyncKafkaProperties#getConsumer()} group of the configuration.
 */
public class AsyncKafkaConsumerProperties {
    /** Consumer group of consumers that do not name their own. */
    private @Nullable String groupId;

    /** Static membership id (group.instance.id); needs a group id. */
    private @Nullable String groupInstanceId;

    /** Group protocol: classic (JoinGroup/SyncGroup) or consumer (KIP-848, brokers 4.0+). */
    private GroupProtocol groupProtocol = GroupProtocol.CLASSIC;

    /** Server-side assignor (uniform or range) under the consumer group protocol; empty lets the broker choose. */
    private @Nullable String groupRemoteAssignor;

    /** Where a partition without a committed offset starts. */
    private AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;

    /** Which records of transactions are returned. */
    private IsolationLevel isolationLevel = IsolationLevel.READ_UNCOMMITTED;

    /** How long the group coordinator waits for a heartbeat before removing the member. */
    private Duration sessionTimeout = Duration.ofSeconds(45);

    /** How often heartbeats are sent; must be lower than the session timeout. */
    private Duration heartbeatInterval = Duration.ofSeconds(3);

    /** How long the group waits for members to rejoin in a rebalance. */
    private Duration rebalanceTimeout = Duration.ofSeconds(60);

    /** How long the consumer may go without taking records before it leaves the group. */
    private Duration maxPollInterval = Duration.ofMinutes(5);

    /**
     * Whether the consumer commits the positions of records handed out periodically. Listener
     * containers commit processed offsets themselves and turn this off.
     */
    private boolean enableAutoCommit = true;

    /** How often positions are auto-committed. */
    private Duration autoCommitInterval = Duration.ofSeconds(5);

    /** Least data a fetch response should hold; the broker waits up to fetch-max-wait for it. */
    private DataSize fetchMinBytes = DataSize.ofBytes(1);

    /** Most data one fetch response may hold. */
    private DataSize fetchMaxBytes = DataSize.ofMegabytes(50);

    /** How long the broker may hold a fetch to gather fetch-min-bytes. */
    private Duration fetchMaxWait = Duration.ofMillis(500);

    /** Most data returned for one partition in a fetch. */
    private DataSize maxPartitionFetchBytes = DataSize.ofMegabytes(1);

    /** A partition is fetched only while it buffers fewer bytes than this. */
    private DataSize partitionBufferBytes = DataSize.ofMegabytes(1);

    /** No partition is fetched while the consumer buffers this many bytes or more. */
    private DataSize totalBufferBytes = DataSize.ofMegabytes(64);

    /** Whether record batch checksums are verified. */
    private boolean checkCrcs = true;

    /** Rack of the consumer, for fetching from the closest replica. */
    private String clientRack = "";

    /** Time budget of consumer operations such as commits and offset lookups. */
    private Duration defaultApiTimeout = Duration.ofMinutes(1);

    /** Partition assignors by name, preferred first: range, roundrobin, sticky, cooperative-sticky. */
    private List<String> assignors = new ArrayList<>(List.of("range", "cooperative-sticky"));

    /** Deserializer of keys; "auto" picks by the type to deliver. */
    private SerdeType keyDeserializer = SerdeType.AUTO;

    /** Deserializer of values; "auto" picks by the type to deliver. */
    private SerdeType valueDeserializer = SerdeType.AUTO;

    /** Extra consumer settings by their Kafka names; win over the global properties map. */
    private Map<String, String> properties = new LinkedHashMap<>();

    public @Nullable String getGroupId() {
        return groupId;
    }

    public void setGroupId(@Nullable String groupId) {
        this.groupId = groupId;
    }

    public @Nullable String getGroupInstanceId() {
        return groupInstanceId;
    }

    public void setGroupInstanceId(@Nullable String groupInstanceId) {
        this.groupInstanceId = groupInstanceId;
    }

    public GroupProtocol getGroupProtocol() {
        return groupProtocol;
    }

    public void setGroupProtocol(GroupProtocol groupProtocol) {
        this.groupProtocol = groupProtocol;
    }

    public @Nullable String getGroupRemoteAssignor() {
        return groupRemoteAssignor;
    }

    public void setGroupRemoteAssignor(@Nullable String groupRemoteAssignor) {
        this.groupRemoteAssignor = groupRemoteAssignor;
    }

    public AutoOffsetReset getAutoOffsetReset() {
        return autoOffsetReset;
    }

    public void setAutoOffsetReset(AutoOffsetReset autoOffsetReset) {
        this.autoOffsetReset = autoOffsetReset;
    }

    public IsolationLevel getIsolationLevel() {
        return isolationLevel;
    }

    public void setIsolationLevel(IsolationLevel isolationLevel) {
        this.isolationLevel = isolationLevel;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getRebalanceTimeout() {
        return rebalanceTimeout;
    }

    public void setRebalanceTimeout(Duration rebalanceTimeout) {
        this.rebalanceTimeout = rebalanceTimeout;
    }

    public Duration getMaxPollInterval() {
        return maxPollInterval;
    }

    public void setMaxPollInterval(Duration maxPollInterval) {
        this.maxPollInterval = maxPollInterval;
    }

    public boolean isEnableAutoCommit() {
        return enableAutoCommit;
    }

    public void setEnableAutoCommit(boolean enableAutoCommit) {
        this.enableAutoCommit = enableAutoCommit;
    }

    public Duration getAutoCommitInterval() {
        return autoCommitInterval;
    }

    public void setAutoCommitInterval(Duration autoCommitInterval) {
        this.autoCommitInterval = autoCommitInterval;
    }

    public DataSize getFetchMinBytes() {
        return fetchMinBytes;
    }

    public void setFetchMinBytes(DataSize fetchMinBytes) {
        this.fetchMinBytes = fetchMinBytes;
    }

    public DataSize getFetchMaxBytes() {
        return fetchMaxBytes;
    }

    public void setFetchMaxBytes(DataSize fetchMaxBytes) {
        this.fetchMaxBytes = fetchMaxBytes;
    }

    public Duration getFetchMaxWait() {
        return fetchMaxWait;
    }

    public void setFetchMaxWait(Duration fetchMaxWait) {
        this.fetchMaxWait = fetchMaxWait;
    }

    public DataSize getMaxPartitionFetchBytes() {
        return maxPartitionFetchBytes;
    }

    public void setMaxPartitionFetchBytes(DataSize maxPartitionFetchBytes) {
        this.maxPartitionFetchBytes = maxPartitionFetchBytes;
    }

    public DataSize getPartitionBufferBytes() {
        return partitionBufferBytes;
    }

    public void setPartitionBufferBytes(DataSize partitionBufferBytes) {
        this.partitionBufferBytes = partitionBufferBytes;
    }

    public DataSize getTotalBufferBytes() {
        return totalBufferBytes;
    }

    public void setTotalBufferBytes(DataSize totalBufferBytes) {
        this.totalBufferBytes = totalBufferBytes;
    }

    public boolean isCheckCrcs() {
        return checkCrcs;
    }

    public void setCheckCrcs(boolean checkCrcs) {
        this.checkCrcs = checkCrcs;
    }

    public String getClientRack() {
        return clientRack;
    }

    public void setClientRack(String clientRack) {
        this.clientRack = clientRack;
    }

    public Duration getDefaultApiTimeout() {
        return defaultApiTimeout;
    }

    public void setDefaultApiTimeout(Duration defaultApiTimeout) {
        this.defaultApiTimeout = defaultApiTimeout;
    }

    public List<String> getAssignors() {
        return assignors;
    }

    public void setAssignors(List<String> assignors) {
        this.assignors = assignors;
    }

    public SerdeType getKeyDeserializer() {
        return keyDeserializer;
    }

    public void setKeyDeserializer(SerdeType keyDeserializer) {
        this.keyDeserializer = keyDeserializer;
    }

    public SerdeType getValueDeserializer() {
        return valueDeserializer;
    }

    public void setValueDeserializer(SerdeType valueDeserializer) {
        this.valueDeserializer = valueDeserializer;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }
}
