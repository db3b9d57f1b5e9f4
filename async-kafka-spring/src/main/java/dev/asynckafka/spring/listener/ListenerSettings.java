package dev.asynckafka.spring.listener;

import dev.asynckafka.spring.core.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code async-kafka.listener.*} settings every listener container uses; field names follow
 * the property names ({@code maxRecordsPerLane} is {@code max-records-per-lane}). Immutable;
 * invalid values fail construction with an {@link IllegalArgumentException} naming the property.
 *
 * @param autoStartup whether containers start with the application context ({@code auto-startup})
 * @param concurrency how many partitions of one container run listener code at once ({@code concurrency})
 * @param maxRecordsPerLane records taken from the consumer per partition at a time: a lane's capacity
 *     ({@code max-records-per-lane})
 * @param batchMaxRecords the largest list a batch listener gets ({@code batch-max-records})
 * @param commitInterval the longest time between commits of done offsets, which are otherwise
 *     committed as soon as the previous commit completes ({@code commit-interval})
 * @param shutdownTimeout how long a stopping container waits for in-flight records ({@code shutdown-timeout})
 * @param retry in-place retries of a failed record ({@code retry.*})
 * @param deadLetter the default error handler's dead-letter topic ({@code dead-letter.*})
 * @param executor which threads run listener code ({@code executor})
 */
public record ListenerSettings(
        boolean autoStartup,
        int concurrency,
        int maxRecordsPerLane,
        int batchMaxRecords,
        Duration commitInterval,
        Duration shutdownTimeout,
        Retry retry,
        DeadLetter deadLetter,
        ExecutorType executor) {

    private static final String PREFIX = "async-kafka.listener.";

    /** The documented defaults. */
    public static final ListenerSettings DEFAULTS = new ListenerSettings(
            true,
            8,
            100,
            500,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            new Retry(3, new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10))),
            new DeadLetter(true, ".DLT"),
            ExecutorType.AUTO);

    public ListenerSettings {
        positive(concurrency, "concurrency");
        positive(maxRecordsPerLane, "max-records-per-lane");
        positive(batchMaxRecords, "batch-max-records");
        positive(commitInterval, "commit-interval");
        notNegative(shutdownTimeout, "shutdown-timeout");
        Objects.requireNonNull(retry, PREFIX + "retry");
        Objects.requireNonNull(deadLetter, PREFIX + "dead-letter");
        Objects.requireNonNull(executor, PREFIX + "executor");
    }

    /** A copy with another concurrency (a listener's own {@code concurrency} attribute). */
    public ListenerSettings withConcurrency(int value) {
        return new ListenerSettings(
                autoStartup,
                value,
                maxRecordsPerLane,
                batchMaxRecords,
                commitInterval,
                shutdownTimeout,
                retry,
                deadLetter,
                executor);
    }

    /**
     * In-place retries.
     *
     * @param maxAttempts attempts per record, counting the first ({@code retry.max-attempts}); 1 means no retry
     * @param backoff the delay before each retry ({@code retry.backoff.*})
     */
    public record Retry(int maxAttempts, Backoff backoff) {
        public Retry {
            positive(maxAttempts, "retry.max-attempts");
            Objects.requireNonNull(backoff, PREFIX + "retry.backoff");
        }
    }

    /**
     * Exponential backoff: the n-th retry (n = 1, 2, ...) waits {@code initial * multiplier^(n-1)},
     * at most {@code max}.
     *
     * @param initial the first delay ({@code retry.backoff.delay})
     * @param multiplier the growth factor, at least 1 ({@code retry.backoff.multiplier})
     * @param max the largest delay ({@code retry.backoff.max-delay})
     */
    public record Backoff(Duration initial, double multiplier, Duration max) {
        public Backoff {
            notNegative(initial, "retry.backoff.delay");
            notNegative(max, "retry.backoff.max-delay");
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException(
                        PREFIX + "retry.backoff.multiplier must be a finite number >= 1, was " + multiplier);
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(PREFIX + "retry.backoff.max-delay (" + max
                        + ") must not be less than " + PREFIX + "retry.backoff.delay (" + initial + ")");
            }
        }

        /** The delay before retry number {@code retry} (1-based). */
        public Duration delay(int retry) {
            double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
            return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
        }
    }

    /**
     * The default error handler.
     *
     * @param enabled publish records that failed their last attempt to a dead-letter topic
     *     ({@code dead-letter.enabled}); when false they are logged at ERROR and skipped
     * @param topicSuffix appended to the record's topic to name the dead-letter topic
     *     ({@code dead-letter.topic-suffix})
     */
    public record DeadLetter(boolean enabled, String topicSuffix) {
        public DeadLetter {
            if (Objects.requireNonNull(topicSuffix, PREFIX + "dead-letter.topic-suffix")
                    .isEmpty()) {
                throw new IllegalArgumentException(
                        PREFIX
                                + "dead-letter.topic-suffix must not be empty (the dead-letter topic would be the topic itself)");
            }
        }
    }

    /** Which threads run listener code. */
    public enum ExecutorType {
        /** Virtual threads when {@code spring.threads.virtual.enabled=true} and the JVM has them, else platform. */
        AUTO,
        /** A new virtual thread per task; startup fails on a JVM without virtual threads. */
        VIRTUAL,
        /** A pool of {@code concurrency} platform threads named after the listener id. */
        PLATFORM
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least 1, was " + value);
        }
    }

    private static void positive(Duration value, String name) {
        if (Objects.requireNonNull(value, PREFIX + name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + DurationText.format(value));
        }
    }

    private static void notNegative(Duration value, String name) {
        if (Objects.requireNonNull(value, PREFIX + name).isNegative()) {
            throw new IllegalArgumentException(
                    PREFIX + name + " must not be negative, was " + DurationText.format(value));
        }
    }
}
