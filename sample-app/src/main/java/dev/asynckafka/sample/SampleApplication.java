package dev.asynckafka.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The async-kafka sample: a REST endpoint publishes orders through the injected async producer,
 * {@code @AsyncKafkaListener} methods process them per partition, failing orders end in a dead-letter
 * topic, and Actuator shows health, lag and rebalance metrics. With no bootstrap servers configured
 * it starts an in-process Kafka broker ({@link EmbeddedKafkaConfiguration}).
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
