package dev.asynckafka.reactor;

import dev.asynckafka.ClientResources;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.serialization.Serializer;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Immutable settings of a {@link KafkaSender}: the core producer's {@link ProducerOptions} and
 * serializers, how many records may be in flight per {@link KafkaSender#send} call, and what an
 * error does. Built with {@link #builder}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class SenderOptions<K, V> {
    /** Records in flight per {@code send} call at most: 256 (reactor-kafka's default). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    /** Whether the first failed record fails the result {@code Flux}: yes (reactor-kafka's default). */
    public static final boolean DEFAULT_STOP_ON_ERROR = true;

    private final ProducerOptions producerOptions;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final int maxInFlight;
    private final boolean stopOnError;
    private final Scheduler scheduler;
    private final @Nullable ClientResources resources;

    private SenderOptions(Builder<K, V> b) {
        this.producerOptions = b.producerOptions;
        this.keySerializer = b.keySerializer;
        this.valueSerializer = b.valueSerializer;
        this.maxInFlight = b.maxInFlight;
        this.stopOnError = b.stopOnError;
        this.scheduler = b.scheduler;
        this.resources = b.resources;
    }

    /** A builder on top of the core producer's options. */
    public static <K, V> Builder<K, V> builder(
            ProducerOptions producerOptions, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new Builder<>(producerOptions, keySerializer, valueSerializer);
    }

    /** The core producer's options. */
    public ProducerOptions producerOptions() {
        return producerOptions;
    }

    /** The key serializer. */
    public Serializer<K> keySerializer() {
        return keySerializer;
    }

    /** The value serializer. */
    public Serializer<V> valueSerializer() {
        return valueSerializer;
    }

    /**
     * The most records of one {@link KafkaSender#send} call that are sent and whose result the
     * subscriber has not yet received; more are requested from upstream only as results are handed
     * out.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Whether the first failed record fails the result {@code Flux} (else it is a failed result). */
    public boolean stopOnError() {
        return stopOnError;
    }

    /** Where results are signalled: never the producer's I/O loop. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Shared client resources for the producer, if any. */
    public Optional<ClientResources> resources() {
        return Optional.ofNullable(resources);
    }

    @Override
    public String toString() {
        return "SenderOptions{maxInFlight=" + maxInFlight + ", stopOnError=" + stopOnError + ", scheduler=" + scheduler
                + ", producer=" + producerOptions + "}";
    }

    /**
     * Builds {@link SenderOptions}; not thread-safe.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final ProducerOptions producerOptions;
        private final Serializer<K> keySerializer;
        private final Serializer<V> valueSerializer;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private boolean stopOnError = DEFAULT_STOP_ON_ERROR;
        private Scheduler scheduler = Schedulers.parallel();
        private @Nullable ClientResources resources;

        private Builder(ProducerOptions producerOptions, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
            this.producerOptions = Objects.requireNonNull(producerOptions, "producerOptions");
            this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
            this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        }

        /** Records in flight per {@code send} call at most; at least 1. */
        public Builder<K, V> maxInFlight(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + max);
            }
            this.maxInFlight = max;
            return this;
        }

        /** Whether the first failed record fails the result {@code Flux}. */
        public Builder<K, V> stopOnError(boolean stop) {
            this.stopOnError = stop;
            return this;
        }

        /**
         * Where results are signalled (one worker per {@code send} call, so results stay in order):
         * {@link Schedulers#parallel()} by default; use {@link Schedulers#boundedElastic()} for
         * subscribers that block.
         */
        public Builder<K, V> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Creates the producer on these shared resources (which it never shuts down). */
        public Builder<K, V> resources(@Nullable ClientResources resources) {
            this.resources = resources;
            return this;
        }

        /** Builds the options. */
        public SenderOptions<K, V> build() {
            return new SenderOptions<>(this);
        }
    }
}
