package dev.asynckafka.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * {@code @EmbeddedAsyncKafka} on a Spring Boot test: the context owns the cluster, the starter's
 * clients reach it with no other code, the JUnit parameters resolve to it, and a property naming
 * another cluster does not win.
 */
@SpringBootTest(properties = "async-kafka.bootstrap-servers=not-this-one:9092")
@EmbeddedAsyncKafka(
        topics = {"spring-a", "spring-b"},
        partitions = 2)
class EmbeddedAsyncKafkaSpringTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Autowired
    EmbeddedKafkaCluster cluster;

    @Autowired
    AsyncKafkaAdmin admin;

    @Autowired
    Environment environment;

    @Test
    void theStarterUsesTheContextsCluster(@BootstrapServers String servers, EmbeddedKafkaCluster parameter)
            throws Exception {
        assertThat(parameter).as("resolved from the context").isSameAs(cluster);
        assertThat(servers).isEqualTo(cluster.bootstrapServers());
        assertThat(environment.getProperty("async-kafka.bootstrap-servers")).isEqualTo(servers);
        assertThat(environment.getProperty("async-kafka.consumer.auto-offset-reset"))
                .isEqualTo("earliest");
        assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains("spring-a", "spring-b");
        assertThat(admin.describeTopics(java.util.List.of("spring-a"))
                        .get(30, TimeUnit.SECONDS)
                        .get("spring-a")
                        .partitions())
                .hasSize(2);
    }

    @Nested
    class InANestedClass {
        @Test
        void theSameClusterIsResolved(EmbeddedKafkaCluster parameter) {
            assertThat(parameter).isSameAs(cluster);
        }
    }
}
