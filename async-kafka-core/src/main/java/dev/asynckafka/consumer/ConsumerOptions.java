package dev.asynckafka.consumer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaConfig;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;

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

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    /** Unlike kafka-clients, a setting of its own rather than {@code max.poll.interval.ms}. */
    public static final Duration DEFAULT_REBALANCE_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_AUTO_COMMIT_INTERVAL = Duration.ofSeconds(5);
    public static final boolean DEFAULT_ENABLE_AUTO_COMMIT = true;
    /** Assignor names of the default {@code partition.assignment.strategy}, as in kafka-clients. */
    public static final List<String> DEFAULT_ASSIGNORS = List.of("range", "cooperative-sticky");
    /** {@code group.protocol}: the classic protocol, as in kafka-clients. */
    public static final GroupProtocol DEFAULT_GROUP_PROTOCOL = GroupProtocol.CLASSIC;
    /** Server-side assignors a broker offers for {@code group.remote.assignor} under the consumer protocol. */
    public static final List<String> REMOTE_ASSIGNORS = List.of("uniform", "range");

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
    private final @Nullable String groupId;
    private final @Nullable String groupInstanceId;
    private final Duration sessionTimeout;
    private final Duration heartbeatInterval;
    private final Duration rebalanceTimeout;
    private final Duration maxPollInterval;
    private final boolean enableAutoCommit;
    private final Duration autoCommitInterval;
    private final List<PartitionAssignor> assignors;
    private final GroupProtocol groupProtocol;
    private final @Nullable String groupRemoteAssignor;

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
        this.groupId = b.groupId;
        this.groupInstanceId = b.groupInstanceId;
        this.sessionTimeout = b.sessionTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.rebalanceTimeout = b.rebalanceTimeout;
        this.groupProtocol = b.groupProtocol;
        this.groupRemoteAssignor = b.groupRemoteAssignor;
        this.maxPollInterval = b.maxPollInterval;
        this.enableAutoCommit = b.enableAutoCommit;
        this.autoCommitInterval = b.autoCommitInterval;
        this.assignors = b.assignors;
    }

    /** Consumer options with defaults on top of the given client options. */
    public static ConsumerOptions of(ClientOptions client) {
        return builder(client).build();
    }

    /** A builder on top of the given client options, every consumer setting at its default. */
    public static Builder builder(ClientOptions client) {
        return new Builder(client);
    }

    /**
     * ConsumerOptions from kafka-clients style configuration, as {@code new KafkaConsumer<>(config)} takes
     * it: one map with the client-wide names (see {@link ClientOptions.Builder#configure(Map)}) and
     * the consumer names (see {@link Builder#configure(Map)}).
     *
     * @param config settings by their Kafka names
     * @throws InvalidConfigurationException naming the first setting that is unknown, meant for
     *     another kind of client, or invalid (the value is shown unless it is a secret)
     */
    public static ConsumerOptions fromConfig(Map<String, ?> config) {
        KafkaConfig.Split split = KafkaConfig.split(Scope.CONSUMER, config);
        return builder(ClientOptions.fromConfig(split.client()))
                .configure(split.kind())
                .build();
    }

    /**
     * ConsumerOptions from a kafka-clients style {@link Properties}; see {@link #fromConfig(Map)}.
     *
     * @param properties settings by their Kafka names; keys must be text
     * @throws InvalidConfigurationException naming the first unknown or invalid setting
     */
    public static ConsumerOptions fromProperties(Properties properties) {
        return fromConfig(KafkaConfig.toMap(properties));
    }

    /**
     * A builder holding every setting of these options, to derive options that differ in a few
     * (as the Reactor receiver does to turn auto-commit off).
     */
    public Builder toBuilder() {
        Builder b = new Builder(client);
        b.fetchMinBytes = fetchMinBytes;
        b.fetchMaxBytes = fetchMaxBytes;
        b.fetchMaxWait = fetchMaxWait;
        b.maxPartitionFetchBytes = maxPartitionFetchBytes;
        b.autoOffsetReset = autoOffsetReset;
        b.isolationLevel = isolationLevel;
        b.checkCrcs = checkCrcs;
        b.clientRack = clientRack;
        b.defaultApiTimeout = defaultApiTimeout;
        b.partitionBufferBytes = partitionBufferBytes;
        b.totalBufferBytes = totalBufferBytes;
        b.executor = executor;
        b.groupId = groupId;
        b.groupInstanceId = groupInstanceId;
        b.sessionTimeout = sessionTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.rebalanceTimeout = rebalanceTimeout;
        b.maxPollInterval = maxPollInterval;
        b.enableAutoCommit = enableAutoCommit;
        b.autoCommitInterval = autoCommitInterval;
        b.assignors = assignors;
        b.groupProtocol = groupProtocol;
        b.groupRemoteAssignor = groupRemoteAssignor;
        return b;
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

    /** {@code group.id}: the consumer group joined by {@code subscribe}, and where offsets are committed; null for none. */
    public @Nullable String groupId() {
        return groupId;
    }

    /**
     * {@code group.instance.id}: makes the member static (KIP-345): it sends no LeaveGroup on close,
     * and a restart within {@link #sessionTimeout()} gets its partitions back without a rebalance.
     * Null for a dynamic member.
     */
    public @Nullable String groupInstanceId() {
        return groupInstanceId;
    }

    /** {@code session.timeout.ms}: the group drops a member it has not heard a heartbeat from for this long. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** {@code heartbeat.interval.ms}: how often the member heartbeats; independent of the application. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * {@code rebalance.timeout.ms}: how long the group waits for members to rejoin in a rebalance,
     * and how long the consumer waits for a {@link RebalanceListener} callback. In kafka-clients this
     * is {@code max.poll.interval.ms}; here it is a separate setting (default 60 s), so that a long
     * poll interval does not make every rebalance wait as long for a stuck member.
     */
    public Duration rebalanceTimeout() {
        return rebalanceTimeout;
    }

    /**
     * {@code max.poll.interval.ms}: when the application has not asked for records ({@code
     * getMany}/{@code getOne}) for this long, the member leaves the group (logged at WARN, its
     * partitions are lost) and rejoins on its next request. Heartbeats do not depend on it.
     */
    public Duration maxPollInterval() {
        return maxPollInterval;
    }

    /** {@code enable.auto.commit}: commit positions every {@link #autoCommitInterval()}, before revocation and on close. */
    public boolean enableAutoCommit() {
        return enableAutoCommit;
    }

    /** {@code auto.commit.interval.ms}. */
    public Duration autoCommitInterval() {
        return autoCommitInterval;
    }

    /** {@code partition.assignment.strategy}: the assignors, preferred first. */
    public List<PartitionAssignor> assignors() {
        return assignors;
    }

    /**
     * {@code group.protocol}: {@link GroupProtocol#CLASSIC} (default) or {@link
     * GroupProtocol#CONSUMER} (KIP-848, brokers 4.0+). Under the consumer protocol the coordinator
     * assigns ({@link #groupRemoteAssignor()}); {@link #assignors()}, {@link #sessionTimeout()} and
     * {@link #heartbeatInterval()} are the broker's business (its {@code group.consumer.*}
     * settings), and {@link #rebalanceTimeout()} is how long the member may take to revoke
     * partitions before the coordinator fences it.
     */
    public GroupProtocol groupProtocol() {
        return groupProtocol;
    }

    /**
     * {@code group.remote.assignor}: the server-side assignor ({@code uniform} or {@code range})
     * the consumer protocol asks for; null leaves the choice to the broker. Ignored by the classic
     * protocol.
     */
    public @Nullable String groupRemoteAssignor() {
        return groupRemoteAssignor;
    }

    @Override
    public String toString() {
        return "ConsumerOptions{client=" + client + ", fetchMinBytes=" + fetchMinBytes + ", fetchMaxBytes="
                + fetchMaxBytes + ", fetchMaxWait=" + fetchMaxWait + ", maxPartitionFetchBytes="
                + maxPartitionFetchBytes + ", autoOffsetReset=" + autoOffsetReset.configName() + ", isolationLevel="
                + isolationLevel.configName() + ", checkCrcs=" + checkCrcs + ", clientRack=" + clientRack
                + ", partitionBufferBytes=" + partitionBufferBytes + ", totalBufferBytes=" + totalBufferBytes
                + ", groupId=" + groupId + ", groupInstanceId=" + groupInstanceId + ", sessionTimeout=" + sessionTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", rebalanceTimeout=" + rebalanceTimeout
                + ", maxPollInterval=" + maxPollInterval + ", enableAutoCommit=" + enableAutoCommit
                + ", autoCommitInterval=" + autoCommitInterval + ", assignors="
                + assignors.stream().map(PartitionAssignor::name).toList() + ", groupProtocol="
                + groupProtocol.configName() + ", groupRemoteAssignor=" + groupRemoteAssignor + "}";
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
        private @Nullable String groupId;
        private @Nullable String groupInstanceId;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration rebalanceTimeout = DEFAULT_REBALANCE_TIMEOUT;
        private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
        private boolean enableAutoCommit = DEFAULT_ENABLE_AUTO_COMMIT;
        private Duration autoCommitInterval = DEFAULT_AUTO_COMMIT_INTERVAL;
        private GroupProtocol groupProtocol = DEFAULT_GROUP_PROTOCOL;
        private @Nullable String groupRemoteAssignor;
        private List<PartitionAssignor> assignors =
                DEFAULT_ASSIGNORS.stream().map(PartitionAssignor::forName).toList();

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

        /** {@code group.id}; null or empty for none. */
        public Builder groupId(@Nullable String groupId) {
            this.groupId = groupId == null || groupId.isEmpty() ? null : groupId;
            return this;
        }

        /** {@code group.instance.id}; null or empty for a dynamic member. */
        public Builder groupInstanceId(@Nullable String instanceId) {
            this.groupInstanceId = instanceId == null || instanceId.isEmpty() ? null : instanceId;
            return this;
        }

        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = Objects.requireNonNull(timeout, "sessionTimeout");
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "heartbeatInterval");
            return this;
        }

        public Builder rebalanceTimeout(Duration timeout) {
            this.rebalanceTimeout = Objects.requireNonNull(timeout, "rebalanceTimeout");
            return this;
        }

        public Builder maxPollInterval(Duration interval) {
            this.maxPollInterval = Objects.requireNonNull(interval, "maxPollInterval");
            return this;
        }

        public Builder enableAutoCommit(boolean enable) {
            this.enableAutoCommit = enable;
            return this;
        }

        public Builder autoCommitInterval(Duration interval) {
            this.autoCommitInterval = Objects.requireNonNull(interval, "autoCommitInterval");
            return this;
        }

        /** {@code group.protocol}; see {@link ConsumerOptions#groupProtocol()}. */
        public Builder groupProtocol(GroupProtocol protocol) {
            this.groupProtocol = Objects.requireNonNull(protocol, "groupProtocol");
            return this;
        }

        /** {@code group.remote.assignor}; null or empty to let the broker choose. */
        public Builder groupRemoteAssignor(@Nullable String assignor) {
            this.groupRemoteAssignor = assignor == null || assignor.isEmpty() ? null : assignor;
            return this;
        }

        /** The assignors, preferred first; see {@link PartitionAssignor}. */
        public Builder assignors(List<PartitionAssignor> assignors) {
            this.assignors = List.copyOf(Objects.requireNonNull(assignors, "assignors"));
            return this;
        }

        /** The assignors by name ({@code range}, {@code roundrobin}, {@code sticky}, {@code cooperative-sticky}). */
        public Builder assignorNames(String... names) {
            List<PartitionAssignor> list = new java.util.ArrayList<>();
            for (String name : names) {
                try {
                    list.add(PartitionAssignor.forName(name));
                } catch (IllegalArgumentException e) {
                    throw invalid("partition.assignment.strategy", e.getMessage());
                }
            }
            this.assignors = List.copyOf(list);
            return this;
        }

        /**
         * Applies consumer settings given by their Kafka names: {@code group.id}, {@code group.instance.id}, {@code auto.offset.reset}, {@code isolation.level}, {@code session.timeout.ms}, {@code heartbeat.interval.ms}, {@code rebalance.timeout.ms}, {@code max.poll.interval.ms}, {@code enable.auto.commit}, {@code auto.commit.interval.ms}, {@code fetch.min.bytes}, {@code fetch.max.bytes}, {@code fetch.max.wait.ms}, {@code max.partition.fetch.bytes}, {@code partition.buffer.bytes}, {@code total.buffer.bytes}, {@code check.crcs}, {@code client.rack}, {@code default.api.timeout.ms} and {@code partition.assignment.strategy} (assignor names such as {@code sticky}, {@code range}). Deserializers are objects given to the consumer, not names. The client-wide
         * names ({@code bootstrap.servers}, ...) belong to the {@link ClientOptions} this builder
         * was made with; to give one map with both, use {@link ConsumerOptions#fromConfig(Map)}.
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
                    Scope.CONSUMER, this, config, KafkaPropertyTable::consumer, "ConsumerOptions.Builder");
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
            positive("session.timeout.ms", sessionTimeout);
            positive("heartbeat.interval.ms", heartbeatInterval);
            positive("rebalance.timeout.ms", rebalanceTimeout);
            positive("max.poll.interval.ms", maxPollInterval);
            positive("auto.commit.interval.ms", autoCommitInterval);
            if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
                throw invalid(
                        "heartbeat.interval.ms",
                        "must be lower than session.timeout.ms (" + sessionTimeout.toMillis() + " ms), was "
                                + heartbeatInterval.toMillis() + " ms");
            }
            if (assignors.isEmpty()) {
                throw invalid("partition.assignment.strategy", "must name at least one assignor");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (PartitionAssignor a : assignors) {
                if (!names.add(a.name())) {
                    throw invalid("partition.assignment.strategy", "names assignor '" + a.name() + "' twice");
                }
            }
            if (groupRemoteAssignor != null && !REMOTE_ASSIGNORS.contains(groupRemoteAssignor)) {
                throw invalid(
                        "group.remote.assignor",
                        "must be one of " + REMOTE_ASSIGNORS + ", was '" + groupRemoteAssignor + "'");
            }
            if (groupInstanceId != null && groupId == null) {
                throw invalid("group.instance.id", "requires group.id");
            }
            return new ConsumerOptions(this);
        }

        private static void positive(String name, Duration d) {
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw invalid(name, "must be between 1 and " + Integer.MAX_VALUE + " ms, was " + d.toMillis() + " ms");
            }
        }

        private static InvalidConfigurationException invalid(String name, String problem) {
            return new InvalidConfigurationException("Invalid value for " + name + ": " + problem);
        }
    }
}
