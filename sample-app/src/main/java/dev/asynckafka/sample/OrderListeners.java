package dev.asynckafka.sample;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.Header;
import dev.asynckafka.spring.listener.Offset;
import dev.asynckafka.spring.listener.Partition;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The sample's listeners: one per mission feature. */
@Component
class OrderListeners {
    private static final Logger log = LoggerFactory.getLogger(OrderListeners.class);

    private final OrderStats stats;
    private final AsyncKafkaProducer<Object, Object> producer;

    OrderListeners(OrderStats stats, AsyncKafkaProducer<Object, Object> producer) {
        this.stats = stats;
        this.producer = producer;
    }

    /**
     * Processes orders per partition: each partition is a lane, in offset order, and up to
     * {@code async-kafka.listener.concurrency} partitions run at once. A negative amount fails; the
     * container retries it in place and then publishes it to {@code orders.DLT}.
     */
    @AsyncKafkaListener(id = "orders", topics = SampleTopics.ORDERS, groupId = "sample-orders")
    void process(Order order, @Partition int partition, @Offset long offset) {
        if (order.amount().signum() < 0) {
            throw new IllegalArgumentException("order " + order.id() + " has a negative amount " + order.amount());
        }
        stats.processed(partition, offset);
    }

    /**
     * An asynchronous listener: the record counts as done (and its offset may be committed) only
     * when the returned stage completes, here when the audit record is acknowledged by the broker.
     */
    @AsyncKafkaListener(id = "audit", topics = SampleTopics.ORDERS, groupId = "sample-audit")
    CompletionStage<?> audit(ConsumerRecord<String, Order> record) {
        BigDecimal amount =
                record.value() == null ? BigDecimal.ZERO : record.value().amount();
        String line = record.key() + " " + amount + " @" + record.partition() + "/" + record.offset();
        return producer.send(new ProducerRecord<>(SampleTopics.AUDIT, record.key(), line))
                .thenRun(stats::audited);
    }

    /** Reads the dead letters with the headers the container adds. */
    @AsyncKafkaListener(id = "dead-letters", topics = SampleTopics.ORDERS + ".DLT", groupId = "sample-dlt")
    void deadLetter(String value, @Header("async-kafka-dlt-exception-message") @Nullable String reason) {
        log.warn("Dead letter: {} ({})", value, reason);
        stats.deadLettered();
    }
}
