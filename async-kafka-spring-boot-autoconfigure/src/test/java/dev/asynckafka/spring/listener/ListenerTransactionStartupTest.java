package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.DefaultAsyncKafkaSerdes;
import dev.asynckafka.spring.core.SerdeType;
import dev.asynckafka.spring.listener.ListenerTestSupport.TestClientFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code async-kafka.producer.transaction-id-prefix} reaches the listener registry whichever way it
 * is registered (the auto-configuration's, or {@code @EnableAsyncKafka}'s with Boot), and a prefix
 * that cannot make the containers transactional fails the startup instead of leaving them
 * non-transactional. No broker: nothing connects.
 */
class ListenerTransactionStartupTest {
    private static final String NOWHERE = "127.0.0.1:1";

    @Configuration(proxyBeanMethods = false)
    @EnableAsyncKafka
    static class EnabledByAnnotation {}

    /** A client factory and no serdes. */
    @Configuration(proxyBeanMethods = false)
    static class FactoryOnly {
        @Bean
        TestClientFactory testClientFactory() {
            return new TestClientFactory(NOWHERE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StringSerdes {
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
    }

    private static ApplicationContextRunner bare() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PropertyPlaceholderAutoConfiguration.class, AsyncKafkaListenerAutoConfiguration.class))
                .withUserConfiguration(FactoryOnly.class);
    }

    private static ApplicationContextRunner runner() {
        return bare().withUserConfiguration(StringSerdes.class);
    }

    private static ListenerTransactionSettings registrySettings(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(DefaultAsyncKafkaListenerRegistry.class).transactionSettings();
    }

    @Test
    void theAutoConfiguredRegistryIsTransactionalWithThePrefix() {
        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix=app-")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ListenerTransactionSettings s = registrySettings(context);
                    assertThat(s).isNotNull();
                    assertThat(s.transactionIdPrefix()).isEqualTo("app-");
                });
    }

    @Test
    void theRegistryOfEnableAsyncKafkaIsTransactionalWithThePrefixToo() {
        runner().withUserConfiguration(EnabledByAnnotation.class)
                .withPropertyValues("async-kafka.producer.transaction-id-prefix=app-")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(DefaultAsyncKafkaListenerRegistry.class);
                    assertThat(context.getBeanNamesForType(DefaultAsyncKafkaListenerRegistry.class))
                            .as("the annotation's registry, the auto-configuration's backed off")
                            .containsExactly(AsyncKafkaListenerConfigurationRegistrar.REGISTRY);
                    ListenerTransactionSettings s = registrySettings(context);
                    assertThat(s).isNotNull();
                    assertThat(s.transactionIdPrefix()).isEqualTo("app-");
                });
    }

    @Test
    void withoutThePrefixNeitherRegistryIsTransactional() {
        runner().run(context -> assertThat(registrySettings(context)).isNull());
        runner().withUserConfiguration(EnabledByAnnotation.class)
                .run(context -> assertThat(registrySettings(context)).isNull());
    }

    @Test
    void thePrefixWithoutSerdesFailsTheStartup() {
        bare().withPropertyValues("async-kafka.producer.transaction-id-prefix=app-")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("async-kafka.producer.transaction-id-prefix", "no AsyncKafkaSerdes bean");
                });
    }

    @Test
    void aBlankPrefixFailsTheStartup() {
        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix= ")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("async-kafka.producer.transaction-id-prefix", "must not be blank");
                });
    }

    private static String messages(Throwable root) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = root; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }
}
