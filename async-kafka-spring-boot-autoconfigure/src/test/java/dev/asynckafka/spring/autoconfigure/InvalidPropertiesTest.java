package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Invalid configuration fails startup with a message naming the property the user wrote. */
class InvalidPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, SslAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // Bind-time checks of the starter.
                "async-kafka.listener.concurrency|0|async-kafka.listener.concurrency must be at least 1",
                "async-kafka.listener.retry.max-attempts|0|async-kafka.listener.retry.max-attempts must be at least 1",
                "async-kafka.listener.max-records-per-lane|-1|async-kafka.listener.max-records-per-lane",
                "async-kafka.listener.commit-interval|0s|async-kafka.listener.commit-interval must be positive",
                // Durations as written in application.yml, not as Duration.toString() (PT-0.1S).
                "async-kafka.listener.commit-interval|-1s|async-kafka.listener.commit-interval must be positive, was -1s",
                "async-kafka.listener.retry.backoff.delay|-100ms|async-kafka.listener.retry.backoff.delay must not be"
                        + " negative, was -100ms",
                // The deprecated name still binds, to the same setting.
                "async-kafka.listener.retry.backoff.initial|-100ms|async-kafka.listener.retry.backoff.delay must not be"
                        + " negative, was -100ms",
                "async-kafka.listener.retry.backoff.max-delay|-1s|async-kafka.listener.retry.backoff.max-delay",
                "async-kafka.consumer.partition-buffer-bytes|3GB|async-kafka.consumer.partition-buffer-bytes must be"
                        + " between 0 and 2147483647 bytes",
                "async-kafka.listener.retry.backoff.multiplier|0.5|async-kafka.listener.retry.backoff.multiplier",
                "async-kafka.listener.dead-letter.topic-suffix|''|async-kafka.listener.dead-letter.topic-suffix",
                "async-kafka.io-threads|0|async-kafka.io-threads must be at least 1",
                "async-kafka.producer.batch-size|3GB|async-kafka.producer.batch-size",
                // Boot's own binding errors name the property.
                "async-kafka.producer.compression-type|brotli|async-kafka.producer.compression-type",
                "async-kafka.consumer.auto-offset-reset|oldest|async-kafka.consumer.auto-offset-reset",
                "async-kafka.producer.linger|soon|async-kafka.producer.linger",
                "async-kafka.listener.executor|green|async-kafka.listener.executor",
                // The core builders' rules, translated to the property.
                "async-kafka.producer.linger|-1ms|async-kafka.producer.linger: Invalid value for linger.ms",
                "async-kafka.producer.acks|2|async-kafka.producer.acks",
                "async-kafka.producer.retries|-1|async-kafka.producer.retries",
                "async-kafka.request-timeout|0s|async-kafka.request-timeout",
                "async-kafka.bootstrap-servers|no-port|async-kafka.bootstrap-servers",
                "async-kafka.consumer.heartbeat-interval|60s|async-kafka.consumer.heartbeat-interval",
                "async-kafka.consumer.fetch-max-bytes|0|async-kafka.consumer.fetch-max-bytes",
                "async-kafka.consumer.assignors|fastest|async-kafka.consumer.assignors",
                "async-kafka.admin.default-api-timeout|0s|async-kafka.admin.default-api-timeout",
                // The properties maps.
                "async-kafka.properties.linger.mss|5|async-kafka.properties[linger.mss]: unknown Kafka property",
                "async-kafka.consumer.properties.linger.ms|5|async-kafka.consumer.properties[linger.ms]: does not apply",
                "async-kafka.producer.properties.linger.ms|abc|async-kafka.producer.properties[linger.ms]: 'abc' is not",
                "async-kafka.consumer.properties.auto.offset.reset|oldest|async-kafka.consumer.properties[auto.offset.reset]",
                "async-kafka.properties.key.serializer|x.Y|use async-kafka.producer.key-serializer",
                "async-kafka.producer.properties.delivery.timeout.ms|1000|async-kafka.producer.properties[delivery.timeout.ms]",
            })
    void whenAPropertyIsInvalidThenStartupFailsNamingIt(String property, String value, String expected) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(expected);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "async-kafka.consumer.max-poll-intervall",
        "async-kafka.bootstrap-server",
        "async-kafka.listener.retry.max-attemps",
        "async-kafka.producer.lingr",
    })
    void whenAnAsyncKafkaKeyIsUnknownThenStartupFailsNamingIt(String property) {
        runner.withPropertyValues(property + "=1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasRootCauseInstanceOf(UnboundConfigurationPropertiesException.class);
            assertThat(messages(context.getStartupFailure())).contains(property);
        });
    }

    @Test
    void whenKafkaNamesAreGivenInThePropertiesMapsThenTheyAreNotUnknownKeys() {
        runner.withPropertyValues(
                        "async-kafka.properties.metadata.max.age.ms=60000",
                        "async-kafka.consumer.properties.max.poll.interval.ms=60000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void whenSecurityIsIncompleteThenStartupFailsNamingTheMissingProperty() {
        runner.withPropertyValues("async-kafka.security.protocol=SASL_SSL")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.security.sasl.mechanism: must be set when"));
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_PLAINTEXT",
                        "async-kafka.security.sasl.mechanism=SCRAM-SHA-512",
                        "async-kafka.security.sasl.password=Top-Secret-1")
                .run(context -> {
                    String messages = messages(context.getStartupFailure());
                    assertThat(messages).contains("async-kafka.security.sasl.username: must be set for SCRAM-SHA-512");
                    assertThat(messages).doesNotContain("Top-Secret-1");
                });
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_SSL", "async-kafka.security.sasl.mechanism=OAUTHBEARER")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.security.sasl.oauthbearer.token: must be set"));
        runner.withPropertyValues("async-kafka.security.sasl.mechanism=PLAIN")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.security.sasl.mechanism: is set, but async-kafka.security.protocol="
                                + "PLAINTEXT does not use SASL"));
        runner.withPropertyValues("async-kafka.ssl.bundle=kafka")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.ssl.bundle: is set, but async-kafka.security.protocol=PLAINTEXT"));
        runner.withPropertyValues("async-kafka.security.protocol=SSL", "async-kafka.ssl.bundle=missing")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.ssl.bundle: no SSL bundle named 'missing'"));
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_SSL", "async-kafka.security.sasl.mechanism=GSSAPI")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("async-kafka.security.sasl.mechanism"));
    }

    @Test
    void whenAJaasConfigIsInvalidThenItsSecretIsNotShown() {
        runner.withPropertyValues(
                        "async-kafka.security.protocol=SASL_PLAINTEXT",
                        "async-kafka.properties.sasl.mechanism=PLAIN",
                        "async-kafka.properties.sasl.jaas.config=PlainLoginModule required passwd=\"Hidden-Value-9\";")
                .run(context -> {
                    String messages = messages(context.getStartupFailure());
                    assertThat(messages).contains("async-kafka.properties[sasl.jaas.config]");
                    assertThat(messages).doesNotContain("Hidden-Value-9");
                });
    }

    @Test
    void whenStartupFailsOnAPropertyThenTheFailureAnalyzerReportsIt() {
        runner.withPropertyValues("async-kafka.producer.linger=-5ms").run(context -> {
            FailureAnalysis analysis =
                    new InvalidAsyncKafkaPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .startsWith("Invalid async-kafka configuration: async-kafka.producer.linger:");
            assertThat(analysis.getAction()).contains("Correct async-kafka.producer.linger");
            assertThat(analysis.getCause()).isInstanceOf(InvalidAsyncKafkaPropertyException.class);
        });
    }

    private static String messages(Throwable failure) {
        assertThat(failure).as("startup failed").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }
}
