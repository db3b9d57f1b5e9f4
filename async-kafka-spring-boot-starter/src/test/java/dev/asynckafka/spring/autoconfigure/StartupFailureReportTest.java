package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A real application start with an invalid property: the failure analyzer's report names it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(AsyncKafkaAutoConfiguration.class)
    static class App {}

    @Test
    void anInvalidPropertyIsReportedByNameWhenTheApplicationFailsToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--async-kafka.consumer.properties.max.poll.intervall.ms=1000"))
                .hasRootCauseInstanceOf(dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid async-kafka configuration: async-kafka.consumer.properties[max.poll.intervall.ms]:"
                        + " unknown Kafka property")
                .contains("Correct async-kafka.consumer.properties[max.poll.intervall.ms]");
    }
}
