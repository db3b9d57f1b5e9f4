package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientResources;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.DefaultAsyncKafkaClientFactory;
import dev.asynckafka.spring.core.DefaultAsyncKafkaSerdes;
import dev.asynckafka.spring.core.SerdeType;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * A plain Spring application (no Boot, no auto-configuration): {@code @EnableAsyncKafka} on a
 * {@code @Configuration} with a client factory built from a Kafka-named map and serdes runs an
 * {@code @AsyncKafkaListener} against the in-process broker, and stops it with the context.
 */
@EmbeddedAsyncKafka(topics = "plain-orders", partitions = 2)
class EnableAsyncKafkaIT {
    private static final int RECORDS = 20;

    /** What a user of plain Spring writes. */
    @Configuration(proxyBeanMethods = false)
    @EnableAsyncKafka
    static class PlainSpringApp {
        @Bean(destroyMethod = "")
        ClientResources clientResources() {
            return ClientResources.create(1);
        }

        @Bean
        AsyncKafkaClientFactory clientFactory(Environment env, ClientResources resources) {
            AsyncKafkaOptionsProvider options = AsyncKafkaOptionsProvider.fromConfig(Map.of(
                    "bootstrap.servers",
                    env.getRequiredProperty("test.bootstrap"),
                    "client.id",
                    "plain-spring",
                    "auto.offset.reset",
                    "earliest",
                    "linger.ms",
                    1));
            return new DefaultAsyncKafkaClientFactory(options, resources);
        }

        @Bean
        AsyncKafkaSerdes serdes() {
            return new DefaultAsyncKafkaSerdes(
                    SerdeType.STRING,
                    SerdeType.STRING,
                    SerdeType.STRING,
                    SerdeType.STRING,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        @Bean
        Orders orders() {
            return new Orders();
        }
    }

    static class Orders {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch all = new CountDownLatch(RECORDS);

        @AsyncKafkaListener(id = "plain-orders", topics = "plain-orders", groupId = "plain-spring")
        void on(String value) {
            received.add(value);
            all.countDown();
        }
    }

    @Test
    void listenersRunInAPlainSpringContext(@BootstrapServers String bootstrapServers) throws Exception {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("test.bootstrap", bootstrapServers)));
        context.register(PlainSpringApp.class);
        ClientResources resources;
        DefaultAsyncKafkaListenerRegistry registry;
        try {
            context.refresh();
            resources = context.getBean(ClientResources.class);
            registry = context.getBean(DefaultAsyncKafkaListenerRegistry.class);
            assertThat(registry.isRunning()).isTrue();
            assertThat(registry.container("plain-orders")).isPresent();
            assertThat(context.getBeanFactory()
                            .getBeanDefinition(AsyncKafkaListenerConfigurationRegistrar.DEFAULT_ERROR_HANDLER)
                            .isAutowireCandidate())
                    .as("the default error handler is a fallback, never injected into a user's bean")
                    .isFalse();
            assertThat(context.getBean(AsyncKafkaListenerConfigurationRegistrar.DEFAULT_ERROR_HANDLER))
                    .as("dead letters are on by default")
                    .isInstanceOf(DeadLetterPublisher.class);

            AsyncKafkaClientFactory factory = context.getBean(AsyncKafkaClientFactory.class);
            List<String> sent = new ArrayList<>();
            try (AsyncKafkaProducer<String, String> producer =
                    factory.createProducer(null, Map.of(), Serializers.string(), Serializers.string())) {
                for (int i = 0; i < RECORDS; i++) {
                    String value = "order-" + i;
                    sent.add(value);
                    producer.send(new ProducerRecord<>("plain-orders", "k" + i, value))
                            .get(60, TimeUnit.SECONDS);
                }
                assertThat(producer.options().client().clientId()).isEqualTo("plain-spring");
            }
            Orders orders = context.getBean(Orders.class);
            assertThat(orders.all.await(60, TimeUnit.SECONDS))
                    .as("received %s", orders.received)
                    .isTrue();
            assertThat(orders.received).containsExactlyInAnyOrderElementsOf(sent);
        } finally {
            context.close();
        }
        assertThat(registry.isRunning()).isFalse();
        resources.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    }
}
