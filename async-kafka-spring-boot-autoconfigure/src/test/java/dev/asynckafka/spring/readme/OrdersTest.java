package dev.asynckafka.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * README's Spring Boot test example ("Testing with a real broker"), verbatim except for the
 * application it tests, which lives here as a nested class. Named {@code *Test} on purpose: with
 * Spring Boot's parent pom only surefire runs, so this is what a user's test must be called.
 */
@SpringBootTest
@EmbeddedAsyncKafka(topics = "orders", partitions = 3)
class OrdersTest {

    // ---- the application under test (in a user's project: its own classes)

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrderListener.class)
    static class OrdersApplication {}

    static class OrderListener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "orders", groupId = "orders-service")
        void on(String order) {
            received.add(order);
        }
    }

    // ---- README's example from here on

    @Autowired
    AsyncKafkaProducer<Object, Object> producer;

    @Autowired
    OrderListener listener;

    @Test
    void anOrderSentIsProcessed() throws Exception {
        producer.send(new ProducerRecord<>("orders", "o-1", "12.50")).get(30, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (listener.received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listener.received).containsExactly("12.50");
    }
}
