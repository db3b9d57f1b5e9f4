package dev.asynckafka.spring.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaConnectionDetails;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@code @ServiceConnection} on a real {@link KafkaContainer}: the details carry the running
 * container's mapped address, and a producer and a consumer built from them make a round trip.
 * Runs only where Docker is available (skipped otherwise, e.g. on the development machines; the
 * GitHub workflow has Docker). The {@code testcontainers-junit-jupiter} module is not a dependency
 * of the build, so the container is started and stopped here rather than by
 * {@code @Testcontainers(disabledWithoutDocker = true)}; the effect is the same.
 */
@EnabledIf("dockerAvailable")
@SpringJUnitConfig(AsyncKafkaContainerConnectionIT.Config.class)
@Timeout(300)
class AsyncKafkaContainerConnectionIT {

    @ServiceConnection
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void startContainer() {
        kafka.start();
    }

    @AfterAll
    static void stopContainer() {
        kafka.stop();
    }

    @Autowired
    AsyncKafkaConnectionDetails details;

    @Test
    void detailsPointAtTheRunningContainerAndCarryARoundTrip() throws Exception {
        assertThat(details.getBootstrapServers()).containsExactly(kafka.getBootstrapServers());
        ClientOptions client = ClientOptions.builder()
                .bootstrapServers(details.getBootstrapServers())
                .build();
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client))) {
            admin.createTopic(new NewTopic("round-trip", 1, (short) 1)).get(60, TimeUnit.SECONDS);
        }
        try (AsyncKafkaProducer<String, String> producer = AsyncKafkaProducer.create(
                        ProducerOptions.builder(client).build(), Serializers.string(), Serializers.string());
                AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                        ConsumerOptions.builder(client)
                                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                                .build(),
                        Deserializers.string(),
                        Deserializers.string())) {
            producer.send(new ProducerRecord<>("round-trip", "k", "hello")).get(60, TimeUnit.SECONDS);
            consumer.assign(List.of(new TopicPartition("round-trip", 0)));
            Optional<ConsumerRecord<String, String>> record =
                    consumer.getOne(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
            assertThat(record).map(ConsumerRecord::value).contains("hello");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {}
}
