package dev.asynckafka.reactor;

import dev.asynckafka.ClientResources;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link KafkaReceiver}: the core consumer's {@link ConsumerOptions} and
 * deserializers, what to consume (topics, a pattern, or partitions assigned manually) and how
 * acknowledged offsets are committed. Built with {@link #builder}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ReceiverOptions<K, V> {
    /** Acknowledged offsets are committed at least this often: 5 seconds (reactor-kafka's default). */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(5);
    /** No commit after a number of acknowledgements, only at the interval: 0. */
    public static final int DEFAULT_COMMIT_BATCH_SIZE = 0;
    /** Records asked of the consumer per call at most: {@link AsyncKafkaConsumer#DEFAULT_MAX_RECORDS}. */
    public static final int DEFAULT_MAX_RECORDS = AsyncKafkaConsumer.DEFAULT_MAX_RECORDS;
    /** How long one {@code getMany} call waits for records before it is re-issued: 1 second. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(1);
    /** How long closing the consumer at the end of a {@code Flux} may take: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = AsyncKafkaConsumer.DEFAULT_CLOSE_TIMEOUT;

    private final ConsumerOptions consumerOptions;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Set<String> topics;
    private final @Nullable Pattern pattern;
    private final Set<TopicPartition> assignment;
    private final Duration commitInterval;
    private final int commitBatchSize;
    private final int maxRecords;
    private final Duration pollTimeout;
    private final Duration closeTimeout;
    private final @Nullable ClientResources resources;

    private ReceiverOptions(Builder<K, V> b) {
        // The receiver commits what was acknowledged; the core's auto-commit (on by default, as in
        // kafka-clients) would commit records handed out but not yet processed.
        this.consumerOptions = b.consumerOptions.enableAutoCommit()
                ? b.consumerOptions.toBuilder().enableAutoCommit(false).build()
                : b.consumerOptions;
        this.keyDeserializer = b.keyDeserializer;
        this.valueDeserializer = b.valueDeserializer;
        this.topics = Set.copyOf(b.topics);
        this.pattern = b.pattern;
        this.assignment = Set.copyOf(b.assignment);
        this.commitInterval = b.commitInterval;
        this.commitBatchSize = b.commitBatchSize;
        this.maxRecords = b.maxRecords;
        this.pollTimeout = b.pollTimeout;
        this.closeTimeout = b.closeTimeout;
        this.resources = b.resources;
    }

    /**
     * A builder on top of the core consumer's options. The receiver owns commits, so it turns the
     * core's {@code enable.auto.commit} off in its copy of the options whatever they say (the core's
     * auto-commit would commit records handed out but not yet processed); {@link #consumerOptions()}
     * returns that copy. Use {@link KafkaReceiver#receiveAutoAck()} for commits without
     * acknowledgements.
     */
    public static <K, V> Builder<K, V> builder(
            ConsumerOptions consumerOptions, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new Builder<>(consumerOptions, keyDeserializer, valueDeserializer);
    }

    /**
     * The core consumer's options, always with {@code enable.auto.commit} off; every receiving
     * {@code Flux} creates a consumer with them.
     */
    public ConsumerOptions consumerOptions() {
        return consumerOptions;
    }

    /** The key deserializer. */
    public Deserializer<K> keyDeserializer() {
        return keyDeserializer;
    }

    /** The value deserializer. */
    public Deserializer<V> valueDeserializer() {
        return valueDeserializer;
    }

    /** The subscribed topics; empty for a pattern subscription or a manual assignment. */
    public Set<String> topics() {
        return topics;
    }

    /** The subscribed pattern, if the receiver subscribes to one. */
    public Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** The manually assigned partitions; empty for a subscription. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** How often acknowledged offsets are committed (zero: only on the other occasions). */
    public Duration commitInterval() {
        return commitInterval;
    }

    /** After how many acknowledgements a commit starts (0: not by count). */
    public int commitBatchSize() {
        return commitBatchSize;
    }

    /** The most records asked of the consumer in one call (fewer when less is demanded). */
    public int maxRecords() {
        return maxRecords;
    }

    /** How long one consumer call waits for records before the receiver issues the next. */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** How long closing the consumer may take when a receiving {@code Flux} terminates. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Shared client resources for the consumers, if any. */
    public Optional<ClientResources> resources() {
        return Optional.ofNullable(resources);
    }

    @Override
    public String toString() {
        return "ReceiverOptions{topics=" + topics + ", pattern=" + pattern + ", assignment=" + assignment
                + ", commitInterval=" + commitInterval + ", commitBatchSize=" + commitBatchSize + ", maxRecords="
                + maxRecords + ", pollTimeout=" + pollTimeout + ", closeTimeout=" + closeTimeout + ", consumer="
                + consumerOptions + "}";
    }

    /**
     * Builds {@link ReceiverOptions}; not thread-safe. Exactly one of {@link #subscription(Collection)},
     * {@link #subscription(Pattern)} and {@link #assignment(Collection)} must be set.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final ConsumerOptions consumerOptions;
        private final Deserializer<K> keyDeserializer;
        private final Deserializer<V> valueDeserializer;
        private Set<String> topics = Set.of();
        private @Nullable Pattern pattern;
        private Set<TopicPartition> assignment = Set.of();
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private int commitBatchSize = DEFAULT_COMMIT_BATCH_SIZE;
        private int maxRecords = DEFAULT_MAX_RECORDS;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private @Nullable ClientResources resources;

        private Builder(
                ConsumerOptions consumerOptions, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
            this.consumerOptions = Objects.requireNonNull(consumerOptions, "consumerOptions");
            this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
            this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        }

        /** Subscribes to these topics (through the group with a {@code group.id}). */
        public Builder<K, V> subscription(Collection<String> topics) {
            Set<String> copy = new LinkedHashSet<>();
            for (String t : Objects.requireNonNull(topics, "topics")) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("Topic names must not be null or blank: " + topics);
                }
                copy.add(t);
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("Subscribe to at least one topic");
            }
            this.topics = copy;
            return this;
        }

        /** Subscribes to every topic whose whole name matches the pattern. */
        public Builder<K, V> subscription(Pattern pattern) {
            this.pattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /** Consumes exactly these partitions (manual assignment, no group membership). */
        public Builder<K, V> assignment(Collection<TopicPartition> partitions) {
            Set<TopicPartition> copy = new LinkedHashSet<>();
            for (TopicPartition tp : Objects.requireNonNull(partitions, "partitions")) {
                copy.add(Objects.requireNonNull(tp, "partition"));
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("Assign at least one partition");
            }
            this.assignment = copy;
            return this;
        }

        /** Commit acknowledged offsets this often; {@link Duration#ZERO} turns periodic commits off. */
        public Builder<K, V> commitInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("commitInterval must not be negative, was " + interval);
            }
            this.commitInterval = interval;
            return this;
        }

        /** Commit after this many acknowledgements (0: only periodically and on the other occasions). */
        public Builder<K, V> commitBatchSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("commitBatchSize must not be negative, was " + size);
            }
            this.commitBatchSize = size;
            return this;
        }

        /** The most records asked of the consumer in one call; at least 1. */
        public Builder<K, V> maxRecords(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRecords must be at least 1, was " + max);
            }
            this.maxRecords = max;
            return this;
        }

        /** How long one consumer call waits for records before the next is issued; positive. */
        public Builder<K, V> pollTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pollTimeout must be positive, was " + timeout);
            }
            this.pollTimeout = timeout;
            return this;
        }

        /** How long closing the consumer may take when a receiving {@code Flux} terminates. */
        public Builder<K, V> closeTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Creates the consumers on these shared resources (which they never shut down). */
        public Builder<K, V> resources(@Nullable ClientResources resources) {
            this.resources = resources;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalArgumentException unless exactly one of topics, pattern and assignment is set
         */
        public ReceiverOptions<K, V> build() {
            int kinds = (topics.isEmpty() ? 0 : 1) + (pattern == null ? 0 : 1) + (assignment.isEmpty() ? 0 : 1);
            if (kinds != 1) {
                throw new IllegalArgumentException(
                        "Set exactly one of subscription(topics), subscription(pattern) and assignment(partitions)");
            }
            return new ReceiverOptions<>(this);
        }
    }
}
