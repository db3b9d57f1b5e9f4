package dev.asynckafka.spring.kill;

import dev.asynckafka.spring.listener.AsyncKafkaListener;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A listener application for {@link SigkillRedeliveryIT} to kill with SIGKILL: prints one line per
 * processed record, {@code PROCESSED <value> <epoch millis>}, flushed as it is printed
 * ({@code System.out} flushes on every {@code println}), so that every line a record's processing
 * printed reaches the test even when the process dies right after.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class KillVictimApp {

    /** Runs the victim; arguments are Spring Boot command-line properties. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(KillVictimApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args);
    }

    @Bean
    Work work() {
        return new Work();
    }

    /** Processing a record is printing it, with the time it was processed. */
    static class Work {
        @AsyncKafkaListener(id = "victim", topics = SigkillRedeliveryIT.TOPIC, groupId = SigkillRedeliveryIT.GROUP)
        void onRecord(String value) {
            System.out.println("PROCESSED " + value + " " + System.currentTimeMillis());
        }
    }
}
