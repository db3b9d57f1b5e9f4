package dev.asynckafka.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver;
import dev.asynckafka.spring.listener.ListenerObserver.Outcome;
import dev.asynckafka.spring.testsupport.StubListenerContainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AsyncKafkaMetricsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncKafkaMetricsAutoConfiguration.class));

    @Test
    void whenNoMeterRegistryThenNoMeters() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(AsyncKafkaListenerMetrics.class);
            assertThat(context).doesNotHaveBean(AsyncKafkaProducerMetrics.class);
        });
    }

    @Test
    void whenMicrometerIsMissingThenBacksOff() {
        runner.withUserConfiguration(RegistryConfig.class)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaListenerMetrics.class));
    }

    @Test
    void whenMeterRegistryThenObserverAndProducerBinder() {
        runner.withUserConfiguration(RegistryConfig.class).run(context -> {
            assertThat(context).hasSingleBean(AsyncKafkaListenerMetrics.class);
            assertThat(context).hasSingleBean(AsyncKafkaProducerMetrics.class);
            assertThat(context.getBeansOfType(ListenerObserver.class)).hasSize(1);
        });
    }

    @Test
    void whenUserDefinesTheBeansThenTheirsWin() {
        runner.withUserConfiguration(RegistryConfig.class, UserMetricsConfig.class)
                .run(context -> {
                    assertThat(context)
                            .getBean(AsyncKafkaListenerMetrics.class)
                            .isSameAs(context.getBean("userListenerMetrics"));
                    assertThat(context)
                            .getBean(AsyncKafkaProducerMetrics.class)
                            .isSameAs(context.getBean("userProducerMetrics"));
                });
    }

    @Test
    void whenBootsMetricsAutoConfigurationRunsThenProducerBeansAreBound() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        AsyncKafkaMetricsAutoConfiguration.class))
                .withUserConfiguration(ProducerConfig.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("async.kafka.producer.records.sent")
                                    .tags("client.id", "bound-producer", "bean", "myProducer")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("async.kafka.producer.buffer.total")
                                    .tag("bean", "myProducer")
                                    .gauge()
                                    .value())
                            .isEqualTo(ProducerOptions.DEFAULT_BUFFER_MEMORY);
                });
    }

    @Test
    void whenContainersReportEventsThenListenerAndContainerMetersAppearAndLeaveOnShutdown() {
        runner.withUserConfiguration(RegistryConfig.class, RegistryOfOneContainer.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("async.kafka.consumer.rebalances")
                                    .tags("listener.id", "stopped", "group", "g")
                                    .functionCounter())
                            .as("a container without a consumer gets its meters with its first event")
                            .isNull();
                    // Listener meters: one timer per result, retries counted, dead letters counted.
                    ListenerObserver observer = context.getBean(ListenerObserver.class);
                    ListenerContainer container = context.getBean(ListenerContainer.class);
                    TopicPartition tp = new TopicPartition("orders", 3);
                    observer.processed(container, tp, 1, Duration.ofMillis(7), Outcome.SUCCESS);
                    observer.processed(container, tp, 10, Duration.ofMillis(3), Outcome.SUCCESS);
                    observer.processed(container, tp, 1, Duration.ofMillis(5), Outcome.RETRY);
                    observer.processed(container, tp, 1, Duration.ofMillis(5), Outcome.FAILURE);
                    observer.deadLettered(container, tp, 42, "orders.DLT");
                    observer.deadLetterFailed(container, tp, 43, new IllegalStateException("DLT down"));
                    observer.deadLetterFailed(container, tp, 43, new IllegalStateException("DLT down"));
                    var success = registry.get("async.kafka.listener.process")
                            .tags("listener.id", "stopped", "topic", "orders", "result", "success")
                            .timer();
                    assertThat(success.count()).isEqualTo(2);
                    assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
                    assertThat(registry.get("async.kafka.listener.records")
                                    .tags("listener.id", "stopped", "result", "success")
                                    .counter()
                                    .count())
                            .isEqualTo(11);
                    assertThat(registry.get("async.kafka.listener.process")
                                    .tags("result", "retry")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("async.kafka.listener.retries")
                                    .tag("listener.id", "stopped")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("async.kafka.listener.dead.letter")
                                    .tags("listener.id", "stopped", "topic", "orders", "group", "g")
                                    .tag("result", "published")
                                    .counter()
                                    .count())
                            .as("dead-letter copies published")
                            .isEqualTo(1);
                    assertThat(registry.get("async.kafka.listener.dead.letter")
                                    .tags("listener.id", "stopped", "topic", "orders", "result", "failed")
                                    .counter()
                                    .count())
                            .as("failed error handler calls, each counted")
                            .isEqualTo(2);
                    // The first event registered the container's meters too; without a consumer they read empty.
                    assertThat(registry.get("async.kafka.consumer.assigned.partitions")
                                    .tag("listener.id", "stopped")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("async.kafka.consumer.generation")
                                    .tag("listener.id", "stopped")
                                    .gauge()
                                    .value())
                            .isNaN();
                    context.close();
                    assertThat(registry.find("async.kafka.listener.process").timers())
                            .as("meters removed on shutdown")
                            .isEmpty();
                });
    }

    @Test
    void containersOfEveryListenerRegistryGetTheirMeters() {
        TopicPartition p0 = new TopicPartition("orders", 0);
        TopicPartition p1 = new TopicPartition("orders", 1);
        // Creating a consumer opens no connection; nothing is fetched in this test.
        try (AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                ConsumerOptions.builder(ClientOptions.builder()
                                .bootstrapServers("localhost:9")
                                .build())
                        .groupId("g")
                        .build(),
                Deserializers.string(),
                Deserializers.string())) {
            StubListenerContainer first = new StubListenerContainer("first").consumer(consumer, Set.of(p0));
            StubListenerContainer second = new StubListenerContainer("second").consumer(consumer, Set.of(p1));
            runner.withUserConfiguration(RegistryConfig.class)
                    .withBean(
                            "firstRegistry",
                            AsyncKafkaListenerRegistry.class,
                            () -> StubListenerContainer.registry(first))
                    .withBean(
                            "secondRegistry",
                            AsyncKafkaListenerRegistry.class,
                            () -> StubListenerContainer.registry(second, first))
                    .run(context -> {
                        assertThat(AsyncKafkaListenerRegistry.containersOf(
                                        context.getBeanProvider(AsyncKafkaListenerRegistry.class)
                                                .orderedStream()))
                                .containsExactlyInAnyOrder(first, second);
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(registry.find("async.kafka.listener.pending")
                                        .tags("listener.id", "first", "partition", "0")
                                        .gauge())
                                .isNotNull();
                        assertThat(registry.find("async.kafka.listener.pending")
                                        .tags("listener.id", "second", "partition", "1")
                                        .gauge())
                                .isNotNull();
                        assertThat(registry.find("async.kafka.consumer.lag").gauges())
                                .hasSize(2);
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfig {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMetricsConfig {
        @Bean
        AsyncKafkaListenerMetrics userListenerMetrics(MeterRegistry registry) {
            return new AsyncKafkaListenerMetrics(registry, List::of);
        }

        @Bean
        AsyncKafkaProducerMetrics userProducerMetrics() {
            return new AsyncKafkaProducerMetrics(java.util.Map::of);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProducerConfig {
        @Bean(destroyMethod = "close")
        AsyncKafkaProducer<String, String> myProducer() {
            // Creating a producer opens no connection; nothing is sent in this test.
            return AsyncKafkaProducer.create(
                    ProducerOptions.builder(ClientOptions.builder()
                                    .bootstrapServers("localhost:9")
                                    .clientId("bound-producer")
                                    .build())
                            .build(),
                    Serializers.string(),
                    Serializers.string());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryOfOneContainer {
        @Bean
        ListenerContainer stoppedContainer() {
            return new StoppedContainer();
        }

        @Bean
        AsyncKafkaListenerRegistry listenerRegistry(ListenerContainer container) {
            return new AsyncKafkaListenerRegistry() {
                @Override
                public Collection<ListenerContainer> containers() {
                    return List.of(container);
                }

                @Override
                public Optional<ListenerContainer> container(String id) {
                    return id.equals(container.id()) ? Optional.of(container) : Optional.empty();
                }

                @Override
                public void start(String id) {
                    throw new UnsupportedOperationException("a stub registry starts nothing");
                }

                @Override
                public void stop(String id) {
                    throw new UnsupportedOperationException("a stub registry stops nothing");
                }
            };
        }
    }

    /** A container that never started: no consumer. */
    static final class StoppedContainer implements ListenerContainer {
        @Override
        public String id() {
            return "stopped";
        }

        @Override
        public String groupId() {
            return "g";
        }

        @Override
        public State state() {
            return State.STOPPED;
        }

        @Override
        public @Nullable Throwable failure() {
            return null;
        }

        @Override
        public int pendingRecords(TopicPartition partition) {
            // The test reads the consumer itself; nothing is held between consumer and listener.
            return 0;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public dev.asynckafka.consumer.@Nullable AsyncKafkaConsumer<?, ?> consumer() {
            return null;
        }

        @Override
        public void pause() {}

        @Override
        public void resume() {}

        @Override
        public boolean isPaused() {
            return false;
        }
    }
}
