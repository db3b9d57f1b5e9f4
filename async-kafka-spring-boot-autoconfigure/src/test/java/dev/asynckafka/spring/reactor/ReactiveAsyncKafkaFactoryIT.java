package dev.asynckafka.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.reactor.KafkaSender;
import dev.asynckafka.reactor.ReceiverRecord;
import dev.asynckafka.reactor.SenderRecord;
import dev.asynckafka.reactor.SenderResult;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaReactorAutoConfiguration;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

/** A sender and a receiver from the factory bean against a real broker, with the starter's JSON serdes. */
@EmbeddedAsyncKafka(topics = "reactive-orders", partitions = 1)
@Timeout(120)
class ReactiveAsyncKafkaFactoryIT {

    /** A value the starter writes and reads as JSON. */
    public record Order(String id, int quantity) {}

    @Test
    void aSenderAndAReceiverFromThePropertiesRoundTripJsonAndCommitWhatWasAcknowledged(
            @BootstrapServers String bootstrap) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AsyncKafkaAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        AsyncKafkaReactorAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + bootstrap,
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "async-kafka.consumer.group-id=reactive-orders-group")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ReactiveAsyncKafkaFactory factory = context.getBean(ReactiveAsyncKafkaFactory.class);
                    List<SenderResult<Integer>> sent;
                    try (KafkaSender<Object, Object> sender = factory.sender()) {
                        sent = sender.send(Flux.range(0, 10)
                                        .map(i -> SenderRecord.<Object, Object, Integer>create(
                                                new ProducerRecord<>(
                                                        "reactive-orders", "o-" + i, new Order("o-" + i, i)),
                                                i)))
                                .collectList()
                                .block(Duration.ofSeconds(60));
                    }
                    assertThat(sent)
                            .extracting(SenderResult::correlationMetadata)
                            .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
                    assertThat(sent).allSatisfy(r -> assertThat(r.exception()).isNull());

                    KafkaReceiver<String, Order> receiver =
                            factory.receiver(List.of("reactive-orders"), null, String.class, Order.class);
                    List<ReceiverRecord<String, Order>> received = receiver.receive()
                            .take(10)
                            .doOnNext(r -> {
                                if (r.value().quantity() < 6) {
                                    r.acknowledge();
                                }
                            })
                            .collectList()
                            .block(Duration.ofSeconds(60));
                    assertThat(received)
                            .extracting(ReceiverRecord::key)
                            .containsExactly("o-0", "o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7", "o-8", "o-9");
                    assertThat(received.get(3).value()).isEqualTo(new Order("o-3", 3));
                    // The take(10) cancel commits the acknowledged prefix before leaving the group.
                    assertThat(committed(bootstrap, "reactive-orders-group"))
                            .containsEntry(new TopicPartition("reactive-orders", 0), 6L);
                });
    }

    private static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                OffsetAndMetadata om = offsets.get(new TopicPartition("reactive-orders", 0));
                if ((om != null && om.offset() == 6L) || System.nanoTime() > deadline) {
                    Map<TopicPartition, Long> out = new java.util.HashMap<>();
                    offsets.forEach((tp, o) -> out.put(tp, o == null ? null : o.offset()));
                    return out;
                }
                Thread.sleep(50);
            }
        }
    }
}
