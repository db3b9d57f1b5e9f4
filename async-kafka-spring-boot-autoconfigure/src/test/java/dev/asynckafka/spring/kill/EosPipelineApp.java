package dev.asynckafka.spring.kill;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.ListenerTransaction;
import dev.asynckafka.spring.listener.Partition;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The consume-transform-produce application of {@link ExactlyOncePipelineIT}: uppercases every
 * value of {@value ExactlyOncePipelineIT#INPUT} into the same partition of {@value
 * ExactlyOncePipelineIT#OUTPUT}, in the transactions of its transactional listener container
 * ({@code async-kafka.producer.transaction-id-prefix} is set on the command line). With {@code
 * --eos.batch=true} the listener takes batches (one transaction per batch), else one record at a
 * time (one transaction per record).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class EosPipelineApp {

    /** Runs the application; arguments are Spring Boot command-line properties. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(EosPipelineApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "eos.batch", havingValue = "true")
    BatchTransform batchTransform() {
        return new BatchTransform();
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
            name = "eos.batch",
            havingValue = "false",
            matchIfMissing = true)
    RecordTransform recordTransform() {
        return new RecordTransform();
    }

    /** One record per transaction. */
    static class RecordTransform {
        @AsyncKafkaListener(id = "eos", topics = ExactlyOncePipelineIT.INPUT, groupId = ExactlyOncePipelineIT.GROUP)
        CompletableFuture<Void> onRecord(String value, @Partition int partition, ListenerTransaction tx) {
            return tx.send(new ProducerRecord<>(
                            ExactlyOncePipelineIT.OUTPUT, partition, null, value.toUpperCase(Locale.ROOT)))
                    .thenApply(md -> null);
        }
    }

    /** One batch per transaction. */
    static class BatchTransform {
        @AsyncKafkaListener(
                id = "eos",
                topics = ExactlyOncePipelineIT.INPUT,
                groupId = ExactlyOncePipelineIT.GROUP,
                batch = true)
        CompletableFuture<Void> onBatch(List<ConsumerRecord<String, String>> records, ListenerTransaction tx) {
            CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
            for (int i = 0; i < sends.length; i++) {
                ConsumerRecord<String, String> r = records.get(i);
                sends[i] = tx.send(new ProducerRecord<>(
                        ExactlyOncePipelineIT.OUTPUT,
                        r.partition(),
                        null,
                        r.value().toUpperCase(Locale.ROOT)));
            }
            return CompletableFuture.allOf(sends);
        }
    }
}
