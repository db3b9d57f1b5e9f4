package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** NewTopic beans are created, grown or reported at startup; kafka-clients' Admin checks the result. */
@EmbeddedAsyncKafka
@ExtendWith(OutputCaptureExtension.class)
@Timeout(180)
class NewTopicBeansIT {
    private static String servers;

    @BeforeAll
    static void cluster(@BootstrapServers String bootstrapServers) throws Exception {
        servers = bootstrapServers;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                            new org.apache.kafka.clients.admin.NewTopic("nt-grow", 1, (short) 1),
                            new org.apache.kafka.clients.admin.NewTopic("nt-shrink", 3, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return Admin.create(p);
    }

    private static Map<String, TopicDescription> describe(String... names) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(names)).allTopicNames().get(30, TimeUnit.SECONDS);
        }
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class))
                .withPropertyValues("async-kafka.bootstrap-servers=" + servers);
    }

    @Test
    void createsMissingTopicsAndGrowsOnesWithFewerPartitions() throws Exception {
        runner().withBean(
                        "fresh",
                        NewTopic.class,
                        () -> new NewTopic("nt-fresh", 3, (short) 1, Map.of("cleanup.policy", "compact")))
                .withBean("grow", NewTopic.class, () -> new NewTopic("nt-grow", 4, (short) 1))
                .run(context -> assertThat(context).hasNotFailed());

        Map<String, TopicDescription> d = describe("nt-fresh", "nt-grow");
        assertThat(d.get("nt-fresh").partitions()).hasSize(3);
        assertThat(d.get("nt-grow").partitions()).hasSize(4);
        try (Admin admin = admin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "nt-fresh");
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource)
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void aTopicThatCannotMatchItsBeanIsLoggedOrFailsTheStartup(CapturedOutput output) throws Exception {
        runner().withBean("shrink", NewTopic.class, () -> new NewTopic("nt-shrink", 2, (short) 1))
                .withBean("other", NewTopic.class, () -> new NewTopic("nt-other", 1, (short) 1))
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getOut() + output.getErr())
                .contains(
                        "Topic nt-shrink has 3 partitions, its NewTopic bean asks for 2: partitions cannot be removed");
        assertThat(describe("nt-shrink").get("nt-shrink").partitions()).hasSize(3);
        assertThat(describe("nt-other").get("nt-other").partitions())
                .as("the other bean is still applied")
                .hasSize(1);

        runner().withPropertyValues("async-kafka.admin.fail-fast=true")
                .withBean("shrink", NewTopic.class, () -> new NewTopic("nt-shrink", 2, (short) 1))
                .withBean("rf", NewTopic.class, () -> new NewTopic("nt-grow", 4, (short) 3))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("async-kafka.admin.fail-fast=true")
                            .hasStackTraceContaining("Topic nt-shrink has 3 partitions")
                            .hasStackTraceContaining(
                                    "Topic nt-grow has replication factor 1, its NewTopic bean asks for 3");
                });
    }

    @Test
    void aClusterThatDoesNotAnswerFailsAFailFastStartupAfterTheTimeout() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=127.0.0.1:1",
                        "async-kafka.admin.fail-fast=true",
                        "async-kafka.admin.operation-timeout=1s",
                        "async-kafka.close-timeout=1s")
                .withBean("lost", NewTopic.class, () -> new NewTopic("nt-lost", 1, (short) 1))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining(
                                    "did not finish creating or checking topics [nt-lost] within 1000 ms");
                });
    }

    @Test
    void autoCreateOffCreatesNothing() throws Exception {
        runner().withPropertyValues("async-kafka.admin.auto-create=false")
                .withBean("never", NewTopic.class, () -> new NewTopic("nt-never", 1, (short) 1))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(NewTopicsInitializer.class));
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("nt-never");
        }
    }
}
