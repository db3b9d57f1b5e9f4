package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.listener.ListenerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * "async-kafka.listener.*": the "@AsyncKafkaListener" containers.
 *
 * <p>The {@link AsyncKafkaProperties#getListener()} group of the configuration.
 */
public class AsyncKafkaListenerProperties {
    /** Whether listener containers start with the application context. */
    private boolean autoStartup = true;

    /** Most partitions of one container processed at once. */
    private int concurrency = 8;

    /** Records taken from the consumer per partition at a time (the capacity of a partition's lane). */
    private int maxRecordsPerLane = 100;

    /** Most records handed to a batch listener at once. */
    private int batchMaxRecords = 500;

    /**
     * The longest time between commits; done offsets are committed as soon as the previous commit
     * completes (also on revocation and shutdown).
     */
    private Duration commitInterval = Duration.ofSeconds(5);

    /** How long a stopping container waits for in-flight records before it commits and leaves. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** Which threads run listener methods. */
    private ListenerSettings.ExecutorType executor = ListenerSettings.ExecutorType.AUTO;

    private final Retry retry = new Retry();
    private final DeadLetter deadLetter = new DeadLetter();

    public boolean isAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getMaxRecordsPerLane() {
        return maxRecordsPerLane;
    }

    public void setMaxRecordsPerLane(int maxRecordsPerLane) {
        this.maxRecordsPerLane = maxRecordsPerLane;
    }

    public int getBatchMaxRecords() {
        return batchMaxRecords;
    }

    public void setBatchMaxRecords(int batchMaxRecords) {
        this.batchMaxRecords = batchMaxRecords;
    }

    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public ListenerSettings.ExecutorType getExecutor() {
        return executor;
    }

    public void setExecutor(ListenerSettings.ExecutorType executor) {
        this.executor = executor;
    }

    public Retry getRetry() {
        return retry;
    }

    public DeadLetter getDeadLetter() {
        return deadLetter;
    }

    /** These settings as the listener containers take them. */
    public ListenerSettings toSettings() {
        return new ListenerSettings(
                autoStartup,
                concurrency,
                maxRecordsPerLane,
                batchMaxRecords,
                commitInterval,
                shutdownTimeout,
                new ListenerSettings.Retry(
                        retry.getMaxAttempts(),
                        new ListenerSettings.Backoff(
                                retry.getBackoff().getDelay(),
                                retry.getBackoff().getMultiplier(),
                                retry.getBackoff().getMaxDelay())),
                new ListenerSettings.DeadLetter(deadLetter.isEnabled(), deadLetter.getTopicSuffix()),
                executor);
    }

    /** "async-kafka.listener.retry.*": how a failing record is tried again, in place. */
    public static class Retry {
        /** Attempts per record, the first included; 1 means no retry. */
        private int maxAttempts = 3;

        private final Backoff backoff = new Backoff();

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Backoff getBackoff() {
            return backoff;
        }

        /** "async-kafka.listener.retry.backoff.*": exponential wait between attempts. */
        public static class Backoff {
            /** Wait before the second attempt. */
            private Duration delay = Duration.ofMillis(500);

            /** Factor applied to the wait after each attempt. */
            private double multiplier = 2.0;

            /** Longest wait between attempts. */
            private Duration maxDelay = Duration.ofSeconds(10);

            public Duration getDelay() {
                return delay;
            }

            public void setDelay(Duration delay) {
                this.delay = delay;
            }

            public double getMultiplier() {
                return multiplier;
            }

            public void setMultiplier(double multiplier) {
                this.multiplier = multiplier;
            }

            public Duration getMaxDelay() {
                return maxDelay;
            }

            public void setMaxDelay(Duration maxDelay) {
                this.maxDelay = maxDelay;
            }

            /**
             * Wait before the second attempt.
             *
             * @deprecated Spring Boot's name for it is {@code delay}
             */
            @Deprecated(since = "0.2.0")
            @DeprecatedConfigurationProperty(replacement = "async-kafka.listener.retry.backoff.delay", since = "0.2.0")
            public Duration getInitial() {
                return delay;
            }

            /**
             * Sets the wait before the second attempt.
             *
             * @deprecated use {@link #setDelay(Duration)}
             */
            @Deprecated(since = "0.2.0")
            public void setInitial(Duration initial) {
                this.delay = initial;
            }

            /**
             * Longest wait between attempts.
             *
             * @deprecated Spring Boot's name for it is {@code max-delay}
             */
            @Deprecated(since = "0.2.0")
            @DeprecatedConfigurationProperty(
                    replacement = "async-kafka.listener.retry.backoff.max-delay",
                    since = "0.2.0")
            public Duration getMax() {
                return maxDelay;
            }

            /**
             * Sets the longest wait between attempts.
             *
             * @deprecated use {@link #setMaxDelay(Duration)}
             */
            @Deprecated(since = "0.2.0")
            public void setMax(Duration max) {
                this.maxDelay = max;
            }
        }
    }

    /** "async-kafka.listener.dead-letter.*": where records go after their last failed attempt. */
    public static class DeadLetter {
        /** Whether failed records are published to a dead-letter topic (then committed). */
        private boolean enabled = true;

        /** Appended to a record's topic to name its dead-letter topic. */
        private String topicSuffix = ".DLT";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTopicSuffix() {
            return topicSuffix;
        }

        public void setTopicSuffix(String topicSuffix) {
            this.topicSuffix = topicSuffix;
        }
    }
}
