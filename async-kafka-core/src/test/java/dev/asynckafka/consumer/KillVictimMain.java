package dev.asynckafka.consumer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.serialization.Deserializers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A group member in a process of its own, for {@link GroupKillIT} to kill without LeaveGroup:
 * consumes, prints "REC value" per processed record, and commits after processing each batch.
 */
public final class KillVictimMain {
    private KillVictimMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String groupId = args[2];
        ConsumerOptions options = ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .groupId(groupId)
                .sessionTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(300))
                .enableAutoCommit(false)
                .build();
        AsyncKafkaConsumer<String, String> consumer =
                AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string());
        consumer.subscribe(List.of(topic));
        System.out.println("STARTED");
        System.out.flush();
        while (true) {
            ConsumerRecords<String, String> batch =
                    consumer.getMany(Duration.ofMillis(200), 20).get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<String, String> r : batch) {
                System.out.println("REC " + r.value());
                offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                Thread.sleep(2);
            }
            System.out.flush();
            if (!offsets.isEmpty()) {
                try {
                    consumer.commit(offsets).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.out.println("COMMIT-FAILED " + e);
                }
            }
        }
    }
}
