package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * An invalid {@code @AsyncKafkaListener} declaration fails a real application start with Boot's
 * startup failure report (description and action), not a stack trace of some 30 frames.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerDeclarationReportTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NoGroupApp {
        @Bean
        NoGroup noGroup() {
            return new NoGroup();
        }
    }

    static class NoGroup {
        @AsyncKafkaListener(topics = "orders")
        void on(String order) {}
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BadParameterApp {
        @Bean
        BadParameter badParameter() {
            return new BadParameter();
        }
    }

    static class BadParameter {
        @AsyncKafkaListener(topics = "orders", groupId = "g")
        void on(String order, Thread unsupported) {}
    }

    @Test
    void aListenerWithoutAGroupIsReportedAsAStartupFailure(CapturedOutput output) {
        Throwable failure = run(NoGroupApp.class);

        assertThat(failure).hasRootCauseInstanceOf(InvalidAsyncKafkaListenerException.class);
        assertReport(output, "noGroup", "no consumer group: set groupId or async-kafka.consumer.group-id");
    }

    @Test
    void anUnsupportedParameterIsReportedAsAStartupFailure(CapturedOutput output) {
        Throwable failure = run(BadParameterApp.class);

        assertThat(failure).hasRootCauseInstanceOf(InvalidAsyncKafkaListenerException.class);
        assertReport(output, "badParameter", "unsupported parameter");
    }

    private static Throwable run(Class<?> app) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        return catchThrowable(() -> application.run("--async-kafka.bootstrap-servers=127.0.0.1:9"));
    }

    private static void assertReport(CapturedOutput output, String bean, String problem) {
        String out = output.getAll();
        assertThat(out)
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid @AsyncKafkaListener declaration: ")
                .contains(bean)
                .contains(problem)
                .contains("Action:")
                .doesNotContain("Application run failed");
        assertThat(out.lines().filter(l -> l.startsWith("\tat ")))
                .as("no stack trace")
                .isEmpty();
    }
}
