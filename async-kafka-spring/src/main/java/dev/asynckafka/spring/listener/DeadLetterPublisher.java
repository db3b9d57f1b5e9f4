package dev.asynckafka.spring.listener;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The default error handler: publishes each failed record to {@code <topic><suffix>} (by default
 * {@code orders.DLT}) with its original key and value bytes and headers, plus headers saying where
 * it came from and why it failed (values are UTF-8 strings):
 *
 * <ul>
 *   <li>{@value #ORIGINAL_TOPIC}, {@value #ORIGINAL_PARTITION}, {@value #ORIGINAL_OFFSET},
 *       {@value #ORIGINAL_TIMESTAMP} (epoch milliseconds)
 *   <li>{@value #EXCEPTION_CLASS} (fully qualified), {@value #EXCEPTION_MESSAGE} (empty if none)
 *   <li>{@value #ATTEMPTS}: how often the listener was called (0 for a record that could not be
 *       deserialized)
 * </ul>
 *
 * The partition of the dead-letter record is chosen by the producer's partitioner. The returned
 * stage completes once every record is acknowledged; if a send fails the container calls the
 * handler again after the retry backoff, so a record is never committed before it reached its
 * dead-letter topic. One byte-array producer ({@code <client-id>-dlt}) is created on first use and
 * closed with the application context.
 */
final class DeadLetterPublisher implements ListenerErrorHandler, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    /** Header: the topic the record was consumed from. */
    static final String ORIGINAL_TOPIC = DeadLetterHeaders.ORIGINAL_TOPIC;
    /** Header: its partition. */
    static final String ORIGINAL_PARTITION = DeadLetterHeaders.ORIGINAL_PARTITION;
    /** Header: its offset. */
    static final String ORIGINAL_OFFSET = DeadLetterHeaders.ORIGINAL_OFFSET;
    /** Header: its timestamp. */
    static final String ORIGINAL_TIMESTAMP = DeadLetterHeaders.ORIGINAL_TIMESTAMP;
    /** Header: the class of the last failure. */
    static final String EXCEPTION_CLASS = DeadLetterHeaders.EXCEPTION_CLASS;
    /** Header: the message of the last failure. */
    static final String EXCEPTION_MESSAGE = DeadLetterHeaders.EXCEPTION_MESSAGE;
    /** Header: the number of attempts. */
    static final String ATTEMPTS = DeadLetterHeaders.ATTEMPTS;

    private final AsyncKafkaClientFactory factory;
    private final String topicSuffix;
    private final Supplier<List<ListenerObserver>> observers;
    private @Nullable AsyncKafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    /**
     * @param factory creates the producer
     * @param topicSuffix appended to the original topic
     * @param observers told about every dead-lettered record
     */
    DeadLetterPublisher(
            AsyncKafkaClientFactory factory, String topicSuffix, Supplier<List<ListenerObserver>> observers) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.topicSuffix = Objects.requireNonNull(topicSuffix, "topicSuffix");
        this.observers = Objects.requireNonNull(observers, "observers");
    }

    @Override
    public CompletionStage<Void> handle(ListenerFailure failure) {
        AsyncKafkaProducer<byte[], byte[]> p;
        try {
            p = producer();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return publish(p, failure);
    }

    /**
     * Publishes the dead letters with the transaction's producer, so they are committed together
     * with the failed records' offsets (or not at all).
     */
    @Override
    public CompletionStage<Void> handle(ListenerFailure failure, ListenerTransaction transaction) {
        return publish(transaction.producer(), failure);
    }

    private CompletionStage<Void> publish(AsyncKafkaProducer<byte[], byte[]> p, ListenerFailure failure) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : failure.records()) {
            sends.add(p.send(new ProducerRecord<>(
                    r.topic() + topicSuffix, null, r.key(), r.value(), headers(r, failure), null)));
        }
        // Sends complete on the producer's I/O loop: observers are told on another thread.
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            for (ConsumerRecord<byte[], byte[]> r : failure.records()) {
                for (ListenerObserver o : observers.get()) {
                    try {
                        o.deadLettered(failure.container(), failure.partition(), r.offset(), r.topic() + topicSuffix);
                    } catch (RuntimeException e) {
                        log.warn("ListenerObserver {} failed", o, e);
                    }
                }
            }
        });
    }

    private static List<Header> headers(ConsumerRecord<byte[], byte[]> r, ListenerFailure failure) {
        List<Header> headers = new ArrayList<>(r.headers());
        headers.add(header(ORIGINAL_TOPIC, r.topic()));
        headers.add(header(ORIGINAL_PARTITION, Integer.toString(r.partition())));
        headers.add(header(ORIGINAL_OFFSET, Long.toString(r.offset())));
        headers.add(header(ORIGINAL_TIMESTAMP, Long.toString(r.timestamp())));
        headers.add(header(EXCEPTION_CLASS, failure.error().getClass().getName()));
        String message = failure.error().getMessage();
        headers.add(header(EXCEPTION_MESSAGE, message == null ? "" : message));
        headers.add(header(ATTEMPTS, Integer.toString(failure.attempts())));
        return headers;
    }

    private static Header header(String key, String value) {
        return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized AsyncKafkaProducer<byte[], byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("The dead-letter publisher is closed");
        }
        AsyncKafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            p = factory.createProducer("dlt", Map.of(), Serializers.byteArray(), Serializers.byteArray());
            producer = p;
        }
        return p;
    }

    /**
     * Closes the producer: {@link AsyncKafkaProducer#close()} waits, bounded, for outstanding sends
     * and logs rather than throws a failed close.
     */
    @Override
    public void destroy() {
        AsyncKafkaProducer<byte[], byte[]> p;
        synchronized (this) {
            closed = true;
            p = producer;
            producer = null;
        }
        if (p != null) {
            p.close();
        }
    }
}
