package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the starter as its only dependency an application reads its YAML and logs: the starter
 * brings spring-boot-starter (SnakeYAML, Logback). This module's test class path adds nothing that
 * provides either.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterAloneTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(AsyncKafkaAutoConfiguration.class)
    static class App {}

    @Test
    void anApplicationReadsItsYamlAndLogsThroughLogback(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setMainApplicationClass(App.class); // its logger logs the startup lines
        try (ConfigurableApplicationContext context = application.run("--spring.config.name=starter-alone")) {
            assertThat(context.getBean(AsyncKafkaProperties.class).getClientId())
                    .as("async-kafka.client-id from starter-alone.yml")
                    .isEqualTo("from-yaml");
        }
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                .isEqualTo("ch.qos.logback.classic.LoggerContext");
        assertThat(output.getOut())
                .contains("Started StarterAloneTest.App")
                .as("DEBUG, as starter-alone.yml sets")
                .containsPattern("DEBUG .*Running with Spring Boot");
    }
}
