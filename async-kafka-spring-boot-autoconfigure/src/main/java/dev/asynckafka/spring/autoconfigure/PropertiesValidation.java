package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.core.DurationText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Bind-time checks of {@link AsyncKafkaProperties} that the core option builders cannot make (the
 * listener settings, the shared resources) or that must happen before values reach them (sizes that
 * must fit an {@code int}). Messages name the full property and never echo a secret.
 */
final class PropertiesValidation {
    private PropertiesValidation() {}

    static void validate(AsyncKafkaProperties p, Errors errors) {
        Checker c = new Checker(errors);
        if (p.getBootstrapServers().isEmpty()) {
            c.reject("bootstrap-servers", "must name at least one host:port");
        }
        Integer ioThreads = p.getIoThreads();
        if (ioThreads != null && ioThreads < 1) {
            c.reject("io-threads", "must be at least 1, was " + ioThreads);
        }
        c.notNegative("close-timeout", p.getCloseTimeout());

        AsyncKafkaProducerProperties producer = p.getProducer();
        c.intBytes("producer.batch-size", producer.getBatchSize(), 0);
        c.intBytes("producer.max-request-size", producer.getMaxRequestSize(), 1);
        if (producer.getBufferMemory().toBytes() < 1) {
            c.reject("producer.buffer-memory", "must be positive, was " + producer.getBufferMemory());
        }

        AsyncKafkaConsumerProperties consumer = p.getConsumer();
        c.intBytes("consumer.fetch-min-bytes", consumer.getFetchMinBytes(), 0);
        c.intBytes("consumer.fetch-max-bytes", consumer.getFetchMaxBytes(), 0);
        c.intBytes("consumer.max-partition-fetch-bytes", consumer.getMaxPartitionFetchBytes(), 0);
        c.intBytes("consumer.partition-buffer-bytes", consumer.getPartitionBufferBytes(), 0);
        if (consumer.getTotalBufferBytes().toBytes() < 0) {
            c.reject("consumer.total-buffer-bytes", "must not be negative, was " + consumer.getTotalBufferBytes());
        }

        c.positive("admin.operation-timeout", p.getAdmin().getOperationTimeout());

        AsyncKafkaListenerProperties listener = p.getListener();
        c.atLeast("listener.concurrency", listener.getConcurrency(), 1);
        c.atLeast("listener.max-records-per-lane", listener.getMaxRecordsPerLane(), 1);
        c.atLeast("listener.batch-max-records", listener.getBatchMaxRecords(), 1);
        c.positive("listener.commit-interval", listener.getCommitInterval());
        c.notNegative("listener.shutdown-timeout", listener.getShutdownTimeout());
        AsyncKafkaListenerProperties.Retry retry = listener.getRetry();
        c.atLeast("listener.retry.max-attempts", retry.getMaxAttempts(), 1);
        AsyncKafkaListenerProperties.Retry.Backoff backoff = retry.getBackoff();
        c.notNegative("listener.retry.backoff.delay", backoff.getDelay());
        if (!(backoff.getMultiplier() >= 1.0)) {
            c.reject("listener.retry.backoff.multiplier", "must be at least 1.0, was " + backoff.getMultiplier());
        }
        c.notNegative("listener.retry.backoff.max-delay", backoff.getMaxDelay());
        if (backoff.getMaxDelay() != null
                && backoff.getDelay() != null
                && backoff.getMaxDelay().compareTo(backoff.getDelay()) < 0) {
            c.reject(
                    "listener.retry.backoff.max-delay",
                    "must not be shorter than " + AsyncKafkaProperties.PREFIX + ".listener.retry.backoff.delay ("
                            + backoff.getDelay() + "), was " + backoff.getMaxDelay());
        }
        AsyncKafkaListenerProperties.DeadLetter deadLetter = listener.getDeadLetter();
        if (deadLetter.isEnabled()
                && (deadLetter.getTopicSuffix() == null
                        || deadLetter.getTopicSuffix().isEmpty())) {
            c.reject(
                    "listener.dead-letter.topic-suffix",
                    "must not be empty while dead letters are enabled (the dead-letter topic would be the"
                            + " record's own topic)");
        }
    }

    /** Rejects with a message that starts with the full property name. */
    private record Checker(Errors errors) {
        void reject(String relativeName, String problem) {
            String property = AsyncKafkaProperties.PREFIX + "." + relativeName;
            errors.reject("async-kafka.invalid", new Object[] {property}, property + " " + problem);
        }

        void atLeast(String name, int value, int min) {
            if (value < min) {
                reject(name, "must be at least " + min + ", was " + value);
            }
        }

        void positive(String name, @Nullable Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                reject(name, "must be positive, was " + DurationText.format(value));
            }
        }

        void notNegative(String name, @Nullable Duration value) {
            if (value != null && value.isNegative()) {
                reject(name, "must not be negative, was " + DurationText.format(value));
            }
        }

        void intBytes(String name, @Nullable DataSize size, int min) {
            if (size != null && (size.toBytes() < min || size.toBytes() > Integer.MAX_VALUE)) {
                reject(name, "must be between " + min + " and " + Integer.MAX_VALUE + " bytes, was " + size);
            }
        }
    }
}
