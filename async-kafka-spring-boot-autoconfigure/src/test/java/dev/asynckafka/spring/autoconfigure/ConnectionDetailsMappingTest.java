package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** How connection details map onto each kind of client's options, without a broker. */
class ConnectionDetailsMappingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues(
                    "async-kafka.bootstrap-servers=from-properties:9092",
                    "async-kafka.security.protocol=SASL_PLAINTEXT",
                    "async-kafka.security.sasl.mechanism=PLAIN",
                    "async-kafka.security.sasl.username=u",
                    "async-kafka.security.sasl.password=p");

    /** Details with a per-client-kind consumer override and the protocol set for all. */
    static final class Details implements AsyncKafkaConnectionDetails {
        @Override
        public List<String> getBootstrapServers() {
            return List.of("shared:9092");
        }

        @Override
        public SecurityProtocol getSecurityProtocol() {
            return SecurityProtocol.PLAINTEXT;
        }

        @Override
        public Configuration getConsumer() {
            return Configuration.of(List.of("consumers:9093"), SecurityProtocol.SASL_PLAINTEXT, null);
        }
    }

    @Test
    void detailsWinOverPropertiesPerKindOfClient() {
        runner.withBean(AsyncKafkaConnectionDetails.class, Details::new).run(context -> {
            assertThat(context).hasNotFailed();
            AsyncKafkaOptionsProvider options = context.getBean(AsyncKafkaOptionsProvider.class);
            var producer = options.producerOptions(null, Map.of()).client();
            assertThat(producer.bootstrapServers()).containsExactly("shared:9092");
            assertThat(producer.securityProtocol())
                    .as("a plaintext service connection leaves the SASL properties unused, not refused")
                    .isEqualTo(SecurityProtocol.PLAINTEXT);
            var admin = options.adminOptions(null, Map.of()).client();
            assertThat(admin.bootstrapServers()).containsExactly("shared:9092");
            assertThat(admin.securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
            var consumer = options.consumerOptions(null, null, Map.of()).client();
            assertThat(consumer.bootstrapServers()).containsExactly("consumers:9093");
            assertThat(consumer.securityProtocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
            assertThat(consumer.sasl())
                    .as("credentials still from the properties")
                    .isNotNull();
        });
    }

    @Test
    void withoutDetailsThePropertiesDecide() {
        runner.run(context -> {
            var admin = context.getBean(AsyncKafkaOptionsProvider.class)
                    .adminOptions(null, Map.of())
                    .client();
            assertThat(admin.bootstrapServers()).containsExactly("from-properties:9092");
            assertThat(admin.securityProtocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
        });
    }
}
