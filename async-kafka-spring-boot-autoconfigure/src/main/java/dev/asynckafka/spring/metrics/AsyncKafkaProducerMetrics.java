package dev.asynckafka.spring.metrics;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds the counters and gauges of async-kafka producers (by default every {@link
 * AsyncKafkaProducer} bean of the context, looked up when bound) to a registry, tagged {@code
 * client.id} and {@code bean} (the bean name, so producers sharing a client id stay apart). Every
 * value is read from {@link AsyncKafkaProducer#metrics()} when the registry polls: no I/O and
 * nothing done per record.
 *
 * <p>Meters: the function counters {@code async.kafka.producer.records.sent}, {@code
 * .record.errors}, {@code .retries}, {@code .batches.sent}; the gauges {@code
 * async.kafka.producer.batch.size.avg} and {@code .batch.size.max} (bytes), {@code
 * .buffer.available} and {@code .buffer.total} (bytes), {@code .buffer.waiting} (sends waiting for
 * buffer space), {@code .requests.in.flight}; the time gauges {@code
 * async.kafka.producer.request.latency.avg} and {@code .request.latency.max}.
 */
public class AsyncKafkaProducerMetrics implements MeterBinder {
    private final Supplier<Map<String, AsyncKafkaProducer<?, ?>>> producers;

    /** @param producers the producers to bind, by name; called once per {@link #bindTo} */
    public AsyncKafkaProducerMetrics(Supplier<Map<String, AsyncKafkaProducer<?, ?>>> producers) {
        this.producers = producers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        producers.get().forEach((name, producer) -> bind(registry, name, producer));
    }

    private static void bind(MeterRegistry registry, String name, AsyncKafkaProducer<?, ?> producer) {
        Tags tags = Tags.of("client.id", producer.options().client().clientId(), "bean", name);
        counter(tags, producer, "records.sent", ProducerMetrics::recordsSent, "records")
                .description("Records the broker acknowledged")
                .register(registry);
        counter(tags, producer, "record.errors", ProducerMetrics::recordErrors, "records")
                .description("Records whose send failed")
                .register(registry);
        counter(tags, producer, "retries", ProducerMetrics::retries, "batches")
                .description("Batches sent again after a retriable error")
                .register(registry);
        counter(tags, producer, "batches.sent", ProducerMetrics::batchesSent, "batches")
                .description("Batches sent (first attempts)")
                .register(registry);
        gauge(tags, producer, "batch.size.avg", ProducerMetrics::batchSizeAvg, "bytes")
                .description("Average size of the batches sent")
                .register(registry);
        gauge(tags, producer, "batch.size.max", ProducerMetrics::batchSizeMax, "bytes")
                .description("Largest batch sent")
                .register(registry);
        gauge(tags, producer, "buffer.available", ProducerMetrics::bufferAvailableBytes, "bytes")
                .description("Part of buffer.memory not held by unacknowledged records")
                .register(registry);
        gauge(tags, producer, "buffer.total", ProducerMetrics::bufferTotalBytes, "bytes")
                .description("buffer.memory")
                .register(registry);
        gauge(tags, producer, "buffer.waiting", ProducerMetrics::waitingForBuffer, "sends")
                .description("Sends whose records wait for buffer space")
                .register(registry);
        gauge(tags, producer, "requests.in.flight", ProducerMetrics::inFlightRequests, "requests")
                .description("Produce requests sent and not yet answered")
                .register(registry);
        TimeGauge.builder(
                        "async.kafka.producer.request.latency.avg",
                        producer,
                        TimeUnit.MILLISECONDS,
                        p -> p.metrics().requestLatencyAvgMs())
                .description("Average time from sending a Produce request to its response")
                .tags(tags)
                .register(registry);
        TimeGauge.builder(
                        "async.kafka.producer.request.latency.max",
                        producer,
                        TimeUnit.MILLISECONDS,
                        p -> p.metrics().requestLatencyMaxMs())
                .description("Longest time from sending a Produce request to its response")
                .tags(tags)
                .register(registry);
    }

    private static FunctionCounter.Builder<AsyncKafkaProducer<?, ?>> counter(
            Tags tags,
            AsyncKafkaProducer<?, ?> producer,
            String name,
            ToDoubleFunction<ProducerMetrics> f,
            String unit) {
        return FunctionCounter.<AsyncKafkaProducer<?, ?>>builder(
                        "async.kafka.producer." + name, producer, p -> f.applyAsDouble(p.metrics()))
                .tags(tags)
                .baseUnit(unit);
    }

    private static Gauge.Builder<AsyncKafkaProducer<?, ?>> gauge(
            Tags tags,
            AsyncKafkaProducer<?, ?> producer,
            String name,
            ToDoubleFunction<ProducerMetrics> f,
            String unit) {
        return Gauge.<AsyncKafkaProducer<?, ?>>builder(
                        "async.kafka.producer." + name, producer, p -> f.applyAsDouble(p.metrics()))
                .tags(tags)
                .baseUnit(unit);
    }
}
