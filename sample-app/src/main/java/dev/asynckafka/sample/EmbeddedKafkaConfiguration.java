package dev.asynckafka.sample;

import dev.asynckafka.spring.autoconfigure.AsyncKafkaConnectionDetails;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded default: when neither {@code async-kafka.bootstrap-servers} nor the environment
 * variable {@code ASYNC_KAFKA_BOOTSTRAP_SERVERS} is set, an in-process Apache Kafka broker starts
 * and the starter connects to it through an {@link AsyncKafkaConnectionDetails} bean, the same
 * extension point the Testcontainers service connection uses.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedKafkaConfiguration.NoBootstrapServers.class)
class EmbeddedKafkaConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedKafkaCluster embeddedKafkaCluster() {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(1).build();
        cluster.start();
        log.info(
                "No async-kafka.bootstrap-servers configured: started an embedded Kafka broker at {}",
                cluster.bootstrapServers());
        return cluster;
    }

    @Bean
    AsyncKafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaCluster cluster) {
        List<String> servers = List.of(cluster.bootstrapServers().split(","));
        return () -> servers;
    }

    /** Matches when no bootstrap servers are configured by property or environment variable. */
    static final class NoBootstrapServers implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            // The binder also sees ASYNC_KAFKA_BOOTSTRAP_SERVERS (relaxed binding of environment variables).
            return Binder.get(context.getEnvironment())
                    .bind("async-kafka.bootstrap-servers", Bindable.listOf(String.class))
                    .map(List::isEmpty)
                    .orElse(true);
        }
    }
}
