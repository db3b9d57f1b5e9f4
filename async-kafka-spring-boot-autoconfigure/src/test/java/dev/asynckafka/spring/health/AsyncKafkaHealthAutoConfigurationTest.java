package dev.asynckafka.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.testsupport.StubListenerContainer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AsyncKafkaHealthAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    HealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class,
                    AsyncKafkaHealthAutoConfiguration.class));

    @Test
    void whenAnAdminExistsThenTheIndicatorIsContributedAsAsyncKafka() {
        runner.withUserConfiguration(AdminConfig.class).run(context -> {
            assertThat(context).hasSingleBean(AsyncKafkaHealthIndicator.class);
            assertThat(context).hasBean("asyncKafkaHealthIndicator");
            HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
            assertThat(registry.getContributor("asyncKafka"))
                    .isSameAs(context.getBean(AsyncKafkaHealthIndicator.class));
            assertThat(context.getBean(AsyncKafkaHealthIndicator.class).getTimeout())
                    .isEqualTo(AsyncKafkaHealthIndicator.DEFAULT_TIMEOUT);
        });
    }

    @Test
    void whenDisabledByPropertyThenNoIndicator() {
        runner.withUserConfiguration(AdminConfig.class)
                .withPropertyValues("management.health.async-kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaHealthIndicator.class));
    }

    @Test
    void whenDefaultsAreDisabledThenNoIndicator() {
        runner.withUserConfiguration(AdminConfig.class)
                .withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaHealthIndicator.class));
    }

    @Test
    void whenTheHealthModuleIsMissingThenBacksOff() {
        runner.withUserConfiguration(AdminConfig.class)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaHealthIndicator.class));
    }

    @Test
    void whenThereIsNoAdminThenNoIndicator() {
        runner.run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaHealthIndicator.class));
    }

    @Test
    void whenTheUserDefinesTheIndicatorThenTheirsWins() {
        runner.withUserConfiguration(AdminConfig.class, UserIndicatorConfig.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(AsyncKafkaHealthIndicator.class);
                    assertThat(context.getBean("asyncKafkaHealthIndicator", HealthIndicator.class)
                                    .health()
                                    .getDetails())
                            .containsEntry("mine", true);
                });
    }

    @Test
    void containersOfEveryRegistryAreCollectedOnceEach() {
        StubListenerContainer a = new StubListenerContainer("a");
        StubListenerContainer b = new StubListenerContainer("b");
        StubListenerContainer c = new StubListenerContainer("c");
        runner.withUserConfiguration(AdminConfig.class)
                .withBean("firstRegistry", AsyncKafkaListenerRegistry.class, () -> StubListenerContainer.registry(a, b))
                .withBean(
                        "secondRegistry", AsyncKafkaListenerRegistry.class, () -> StubListenerContainer.registry(b, c))
                .run(context -> assertThat(AsyncKafkaListenerRegistry.containersOf(
                                context.getBeanProvider(AsyncKafkaListenerRegistry.class)
                                        .orderedStream()))
                        .containsExactlyInAnyOrder(a, b, c));
    }

    @Test
    void withoutARegistryThereAreNoContainers() {
        runner.withUserConfiguration(AdminConfig.class)
                .run(context -> assertThat(AsyncKafkaListenerRegistry.containersOf(
                                context.getBeanProvider(AsyncKafkaListenerRegistry.class)
                                        .orderedStream()))
                        .isEmpty());
    }

    @Configuration(proxyBeanMethods = false)
    static class AdminConfig {
        @Bean(destroyMethod = "close")
        AsyncKafkaAdmin admin() {
            // Creating an admin opens no connection; no check runs in these tests.
            return AsyncKafkaAdmin.create(AdminOptions.of(
                    ClientOptions.builder().bootstrapServers("localhost:9").build()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserIndicatorConfig {
        @Bean
        HealthIndicator asyncKafkaHealthIndicator() {
            return () -> Health.up().withDetail("mine", true).build();
        }
    }
}
