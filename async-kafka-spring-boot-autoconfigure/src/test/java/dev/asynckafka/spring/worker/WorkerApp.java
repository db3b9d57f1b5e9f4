package dev.asynckafka.spring.worker;

import dev.asynckafka.spring.listener.AsyncKafkaListener;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A worker application as a new user writes one: no web server, one listener, nothing else
 * (notably no {@code spring.main.keep-alive}). {@link WorkerAppIT} runs it as a process.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WorkerApp {

    /** Runs the worker; arguments are Spring Boot command-line properties. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(WorkerApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args);
    }

    @Bean
    Work work() {
        return new Work();
    }

    /** Prints every record it gets, for the test to see. */
    static class Work {
        @AsyncKafkaListener(id = "worker", topics = "work", groupId = "worker-app")
        void onWork(String value) {
            System.out.println("worker processed: " + value);
        }
    }
}
