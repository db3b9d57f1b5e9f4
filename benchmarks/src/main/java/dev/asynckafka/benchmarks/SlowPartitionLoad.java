package dev.asynckafka.benchmarks;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The load of the slow-partition scenario: the same kafka-clients producer for both consumers, so
 * only the consuming side differs. Records go round-robin to the partitions, stamped with their
 * send time.
 */
final class SlowPartitionLoad {
    private SlowPartitionLoad() {}

    static void run(String bootstrap, String topic, int rate, int seconds) throws Exception {
        Payloads payloads = new Payloads(Settings.LATENCY_VALUE_SIZE);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClientsScenarios.producer(bootstrap)) {
            int partitions = producer.partitionsFor(topic).size();
            KafkaClientsScenarios.paced(
                    rate,
                    seconds,
                    i -> producer.send(new ProducerRecord<>(
                            topic, (int) (i % partitions), null, payloads.stamped(i, System.nanoTime()))));
            producer.flush();
        }
    }
}
