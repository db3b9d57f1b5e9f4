package dev.asynckafka.sample;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes orders with the injected async producer. The handlers return futures, so no servlet
 * thread waits for the broker: Spring MVC completes the response when the send is acknowledged.
 */
@RestController
@RequestMapping("/orders")
class OrderController {
    private final AsyncKafkaProducer<Object, Object> producer;
    private final OrderStats stats;

    OrderController(AsyncKafkaProducer<Object, Object> producer, OrderStats stats) {
        this.producer = producer;
        this.stats = stats;
    }

    /** Publishes one order, keyed by customer; answers with where it was written. */
    @PostMapping
    CompletableFuture<Map<String, Object>> publish(@RequestBody Order order) {
        return producer.send(new ProducerRecord<>(SampleTopics.ORDERS, order.customer(), order))
                .thenApply(metadata -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", order.id());
                    body.put("topic", metadata.topic());
                    body.put("partition", metadata.partition());
                    body.put("offset", metadata.offset());
                    return body;
                });
    }

    /** Publishes {@code count} generated orders over 20 customers; every {@code failEvery}-th is invalid. */
    @PostMapping("/generate")
    CompletableFuture<Map<String, Object>> generate(
            @RequestParam(defaultValue = "100") int count, @RequestParam(defaultValue = "0") int failEvery) {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("count must be between 1 and 1000000, was " + count);
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            boolean invalid = failEvery > 0 && i % failEvery == 0;
            Order order = new Order(
                    UUID.randomUUID().toString(),
                    "customer-" + (i % 20),
                    invalid ? BigDecimal.valueOf(-i) : BigDecimal.valueOf(i, 2));
            sends.add(producer.send(new ProducerRecord<>(SampleTopics.ORDERS, order.customer(), order)));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(done -> Map.of("published", count));
    }

    /** What the listeners have done so far. */
    @GetMapping("/stats")
    Map<String, Object> stats() {
        return stats.snapshot();
    }
}
