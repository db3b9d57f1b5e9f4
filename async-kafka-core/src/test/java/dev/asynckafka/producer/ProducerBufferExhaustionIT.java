package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the only broker stopped and a tiny {@code buffer.memory}, {@code send} still returns at once:
 * the waits are in the futures, which fail after {@code max.block.ms}.
 */
@EmbeddedAsyncKafka(brokers = 1, topics = "exhaust", partitions = 1)
@Timeout(180)
@ExtendWith(NettyLeakCheck.class)
class ProducerBufferExhaustionIT {

    @Test
    void sendNeverBlocksWhenTheBufferIsFullAndTheBrokerIsDown(
            EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrap) throws Exception {
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .requestTimeout(Duration.ofSeconds(3))
                        .build())
                .bufferMemory(20_000)
                .maxBlock(Duration.ofSeconds(5))
                .deliveryTimeout(Duration.ofSeconds(10))
                .build();
        AsyncKafkaProducer<String, byte[]> producer =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.byteArray());
        try {
            // Metadata of the topic is known before the broker goes away.
            assertThat(producer.send(new ProducerRecord<>("exhaust", "warm-up".getBytes()))
                            .get(60, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
            kafka.stopBroker(kafka.brokerIds().get(0));

            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            List<CompletableFuture<RecordMetadata>> unknownTopic = new ArrayList<>();
            AtomicBoolean returned = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    futures.add(producer.send(new ProducerRecord<>("exhaust", new byte[1000])));
                }
                unknownTopic.add(producer.send(new ProducerRecord<>("not-known-yet", new byte[10])));
                returned.set(true);
            });
            caller.start();
            caller.join(60_000); // hang guard only
            assertThat(returned).as("every send call returned").isTrue();
            assertThat(caller.isAlive()).isFalse();
            // About 20 records fit into 20,000 bytes; the last ones wait for space, so are not done yet.
            assertThat(futures.get(99)).isNotDone();
            assertThat(unknownTopic.get(0)).isNotDone();

            int bufferTimeouts = 0;
            int deliveryTimeouts = 0;
            for (CompletableFuture<RecordMetadata> f : futures) {
                Throwable error = failure(f);
                assertThat(error).isInstanceOf(TimeoutException.class);
                if (error.getMessage().contains("buffer.memory")) {
                    assertThat(error.getMessage()).contains("max blocking time 5000 ms");
                    bufferTimeouts++;
                } else {
                    assertThat(error.getMessage()).contains("delivery.timeout.ms");
                    deliveryTimeouts++;
                }
            }
            assertThat(bufferTimeouts).isGreaterThan(0);
            assertThat(deliveryTimeouts).isGreaterThan(0);
            assertThat(failure(unknownTopic.get(0)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not-known-yet")
                    .hasMessageContaining("max.block.ms");
            assertThat(producer.metrics().bufferAvailableBytes()).isEqualTo(20_000);

            // The producer recovers once the broker is back.
            kafka.startBroker(kafka.brokerIds().get(0));
            RecordMetadata after =
                    producer.send(new ProducerRecord<>("exhaust", new byte[10])).get(120, TimeUnit.SECONDS);
            assertThat(after.offset()).isGreaterThanOrEqualTo(1);
        } finally {
            producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        }
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Retry.unwrap(e.getCause() == null ? e : e.getCause());
        }
        throw new AssertionError("expected the future to fail");
    }
}
