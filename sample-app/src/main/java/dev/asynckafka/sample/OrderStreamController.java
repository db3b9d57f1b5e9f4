package dev.asynckafka.sample;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.spring.reactor.ReactiveAsyncKafkaFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Streams the orders topic as Server-Sent Events through a Reactor {@link KafkaReceiver}. Spring MVC
 * writes a {@code Flux} one event at a time and requests the next only when the previous one was
 * written, so a slow HTTP client lowers the receiver's demand and the consumer stops fetching
 * (beyond its buffer) instead of piling records up in memory. Each request gets its own consumer,
 * assigned every partition without a group (so streams do not split the partitions between them or
 * commit anything), closed when the client disconnects or the application stops.
 */
@RestController
@RequestMapping("/orders")
class OrderStreamController implements SmartLifecycle {
    /** Completes every open stream on shutdown, so the web server's graceful shutdown need not wait for them. */
    private final Sinks.Empty<Void> shutdown = Sinks.empty();

    private final ReactiveAsyncKafkaFactory kafka;
    private volatile boolean running;

    OrderStreamController(ReactiveAsyncKafkaFactory kafka) {
        this.kafka = kafka;
    }

    /**
     * The orders as {@code text/event-stream}: event {@code order}, id {@code partition-offset},
     * data the order as JSON.
     *
     * @param from {@code latest} (default) for new orders only, {@code earliest} to replay the topic
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Order>> stream(@RequestParam(defaultValue = "latest") String from) {
        if (!from.equals("latest") && !from.equals("earliest")) {
            throw new IllegalArgumentException("from must be latest or earliest, was " + from);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < SampleTopics.PARTITIONS; p++) {
            partitions.add(new TopicPartition(SampleTopics.ORDERS, p));
        }
        // No group: the sample configures no async-kafka.consumer.group-id, and the listeners name theirs.
        KafkaReceiver<String, Order> receiver = KafkaReceiver.create(
                kafka.<String, Order>receiverOptions(null, Map.of("auto.offset.reset", from), String.class, Order.class)
                        .assignment(partitions)
                        .build());
        return receiver.receiveAutoAck().map(OrderStreamController::event).takeUntilOther(shutdown.asMono());
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops before the web server (a higher phase stops first). */
    @Override
    public void stop() {
        running = false;
        shutdown.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static ServerSentEvent<Order> event(ConsumerRecord<String, Order> record) {
        return ServerSentEvent.builder(record.value())
                .event("order")
                .id(record.partition() + "-" + record.offset())
                .build();
    }
}
