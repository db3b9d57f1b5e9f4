package dev.asynckafka.spring.kill;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * The rival for {@link SigkillRedeliveryIT}'s comparison: spring-kafka's listener container with its
 * defaults (AckMode BATCH: a commit after each poll's records, concurrency 1), processing records
 * as {@link KillVictimApp} does and printing the same lines. Argument: the bootstrap servers.
 */
public final class SpringKafkaVictimMain {
    private SpringKafkaVictimMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                args[0],
                ConsumerConfig.GROUP_ID_CONFIG,
                SigkillRedeliveryIT.GROUP + "-spring-kafka",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // As the async-kafka victim: the killed member's partitions come back after 3 s.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                3000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        ContainerProperties props = new ContainerProperties(SigkillRedeliveryIT.TOPIC);
        props.setMessageListener((MessageListener<String, String>)
                record -> System.out.println("PROCESSED " + record.value() + " " + System.currentTimeMillis()));
        ConcurrentMessageListenerContainer<String, String> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), props);
        container.setBeanName("spring-kafka-victim");
        container.start();
        System.out.println("STARTED");
        Thread.currentThread().join(); // until killed
    }
}
