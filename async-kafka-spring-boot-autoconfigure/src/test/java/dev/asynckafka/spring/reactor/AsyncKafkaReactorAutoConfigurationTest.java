package dev.asynckafka.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.reactor.KafkaSender;
import dev.asynckafka.reactor.ReceiverOptions;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaReactorAutoConfiguration;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

/** The Reactor factory bean: from the properties, backing off for a user bean, absent without Reactor. */
class AsyncKafkaReactorAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, AsyncKafkaReactorAutoConfiguration.class))
            .withPropertyValues(
                    "async-kafka.bootstrap-servers=localhost:9092",
                    "async-kafka.client-id=orders",
                    "async-kafka.consumer.group-id=orders-group",
                    "async-kafka.consumer.max-poll-interval=42s");

    @Test
    void theFactoryBuildsReceiversAndSendersFromTheProperties() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ReactiveAsyncKafkaFactory factory = context.getBean(ReactiveAsyncKafkaFactory.class);
            ReceiverOptions<String, String> options = factory.<String, String>receiverOptions(
                            null, Map.of(), String.class, String.class)
                    .subscription(List.of("orders"))
                    .build();
            assertThat(options.consumerOptions().groupId()).isEqualTo("orders-group");
            assertThat(options.consumerOptions().client().clientId()).isEqualTo("orders");
            assertThat(options.consumerOptions().maxPollInterval()).isEqualTo(Duration.ofSeconds(42));
            assertThat(options.consumerOptions().enableAutoCommit())
                    .as("the receiver owns commits")
                    .isFalse();
            assertThat(options.resources()).containsSame(context.getBean(dev.asynckafka.ClientResources.class));
            assertThat(factory.receiver(List.of("orders"), "other-group", String.class, String.class)
                            .options()
                            .consumerOptions()
                            .groupId())
                    .isEqualTo("other-group");
            assertThat(factory.senderOptions("reactive", Map.of("linger.ms", "7"))
                            .build()
                            .producerOptions()
                            .client()
                            .clientId())
                    .isEqualTo("orders-reactive");
            try (KafkaSender<Object, Object> sender = factory.sender()) {
                assertThat(sender).isNotNull();
            }
        });
    }

    @Test
    void aUserFactoryReplacesTheAutoConfiguredOne() {
        ReactiveAsyncKafkaFactory mine = new UserFactory();
        runner.withBean(ReactiveAsyncKafkaFactory.class, () -> mine).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(ReactiveAsyncKafkaFactory.class).isSameAs(mine);
            assertThat(context).doesNotHaveBean(DefaultReactiveAsyncKafkaFactory.class);
        });
    }

    @Test
    void withoutReactorTheStarterWorksAndHasNoFactory() {
        runner.withClassLoader(new FilteredClassLoader(Flux.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AsyncKafkaOptionsProvider.class);
            assertThat(context).doesNotHaveBean(ReactiveAsyncKafkaFactory.class);
        });
        runner.withClassLoader(new FilteredClassLoader(KafkaReceiver.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AsyncKafkaOptionsProvider.class);
            assertThat(context).doesNotHaveBean(ReactiveAsyncKafkaFactory.class);
        });
    }

    private static final class UserFactory implements ReactiveAsyncKafkaFactory {
        @Override
        public <K, V> ReceiverOptions.Builder<K, V> receiverOptions(
                @Nullable String groupId, Map<String, String> overrides, Type keyType, Type valueType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <K, V> KafkaReceiver<K, V> receiver(
                Collection<String> topics, @Nullable String groupId, Class<K> keyType, Class<V> valueType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.asynckafka.reactor.SenderOptions.Builder<Object, Object> senderOptions(
                @Nullable String clientIdSuffix, Map<String, String> overrides) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KafkaSender<Object, Object> sender() {
            throw new UnsupportedOperationException();
        }
    }
}
