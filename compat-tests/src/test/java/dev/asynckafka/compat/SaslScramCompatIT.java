package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SASL/SCRAM (SHA-256 and SHA-512) against each release: admin, produce and consume; a wrong password is refused. */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class SaslScramCompatIT {
    private final String version;

    SaslScramCompatIT(String version) {
        this.version = version;
    }

    private ClientOptions client(String mechanism, String password) throws Exception {
        BiFunction<String, Password, SaslOptions> sasl =
                mechanism.equals("SCRAM-SHA-256") ? SaslOptions::scramSha256 : SaslOptions::scramSha512;
        return ClientOptions.builder()
                .bootstrapServers(CompatBrokers.broker(version).saslBootstrapServers())
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .sasl(sasl.apply(ForkedKafkaBroker.SCRAM_USER, Password.of(password)))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void adminProduceConsume(String mechanism) throws Exception {
        ClientOptions client = client(mechanism, ForkedKafkaBroker.SCRAM_PASSWORD);
        String topic = "sasl-" + mechanism.toLowerCase(java.util.Locale.ROOT);
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client))) {
            await(admin.createTopic(new NewTopic(topic, 1, (short) 1)));
        }
        try (AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(ProducerOptions.of(client), Serializers.string(), Serializers.string())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            await(producer.flush());
        }
        try (AsyncKafkaConsumer<String, String> consumer = CompatSupport.stringConsumer(ConsumerOptions.builder(client)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .build())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThat(CompatSupport.readAtLeast(consumer, 10))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void wrongPasswordIsRefused(String mechanism) throws Exception {
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.builder(client(mechanism, "wrong"))
                .defaultApiTimeout(Duration.ofSeconds(30))
                .build())) {
            Throwable error = catchThrowable(() -> await(admin.listTopics()));
            assertThat(error).isInstanceOf(ExecutionException.class);
            assertThat(error.getCause())
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining(mechanism);
        }
    }
}
