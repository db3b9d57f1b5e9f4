package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.producer.ScriptedBroker.Appended;
import dev.asynckafka.producer.ScriptedBroker.Fault;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The idempotent producer's recovery paths against a scripted broker that checks sequences like a
 * real one: whatever fault is injected, the log ends with every record exactly once, in order.
 */
@Timeout(120)
@ExtendWith(NettyLeakCheck.class)
class IdempotentRecoveryTest {

    @Test
    void unknownProducerIdBumpsTheEpochOfTheSameIdAndResendsFromSequenceZero() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker(i -> i == 1 ? Fault.UNKNOWN_PRODUCER_ID : Fault.NONE)) {
            List<RecordMetadata> acks = produceInRounds(broker, 4);
            // KIP-360: the producer keeps its id and bumps the epoch on the client; InitProducerId
            // would hand out a new id, which would not fence batches of the old one still on the way.
            assertThat(broker.initProducerIdCalls.get()).isEqualTo(1);
            assertExactlyOnceInOrder(broker, acks);
            assertThat(broker.log.stream().map(Appended::producerId).distinct()).containsExactly(1001L);
            assertThat(broker.log.stream().map(Appended::epoch).distinct()).containsExactly((short) 0, (short) 1);
            Appended firstOfNewEpoch =
                    broker.log.stream().filter(a -> a.epoch() == 1).findFirst().orElseThrow();
            assertThat(firstOfNewEpoch.baseSequence()).isZero();
        }
    }

    @Test
    void outOfOrderSequenceAfterTheBrokerLostStateBumpsAndResends() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker(i -> i == 2 ? Fault.LOSE_STATE : Fault.NONE)) {
            List<RecordMetadata> acks = produceInRounds(broker, 4);
            assertThat(broker.initProducerIdCalls.get()).isEqualTo(1);
            assertExactlyOnceInOrder(broker, acks);
            assertThat(broker.log.stream().map(Appended::producerId).distinct()).containsExactly(1001L);
            assertThat(broker.log.stream().map(Appended::epoch).distinct()).containsExactly((short) 0, (short) 1);
        }
    }

    @Test
    void aLostResponseIsRetriedAndRecognisedAsDuplicate() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker(i -> i == 1 ? Fault.SWALLOW_RESPONSE : Fault.NONE)) {
            List<RecordMetadata> acks = produceInRounds(broker, 3);
            // Same producer id throughout: a duplicate is not a reason to start over.
            assertThat(broker.initProducerIdCalls.get()).isEqualTo(1);
            assertThat(acks.stream().filter(m -> !m.hasOffset())).isNotEmpty();
            assertThat(broker.recordsInLog()).isEqualTo(acks.size());
            int expected = 0;
            for (Appended a : broker.log) {
                assertThat(a.baseSequence()).isEqualTo(expected);
                expected += a.count();
            }
        }
    }

    /** Sends rounds of 10 records, each round flushed, so each round is one Produce request. */
    private static List<RecordMetadata> produceInRounds(ScriptedBroker broker, int rounds) throws Exception {
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(broker.bootstrap())
                        .requestTimeout(Duration.ofSeconds(1))
                        .retryBackoff(Duration.ofMillis(10))
                        .build())
                .deliveryTimeout(Duration.ofSeconds(60))
                .build();
        AsyncKafkaProducer<String, String> producer =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 10; i++) {
                    futures.add(producer.send(new ProducerRecord<>(ScriptedBroker.TOPIC, 0, "k", round + "-" + i)));
                }
                producer.flush().get(60, TimeUnit.SECONDS);
            }
            List<RecordMetadata> acks = new ArrayList<>();
            for (CompletableFuture<RecordMetadata> f : futures) {
                acks.add(f.get(60, TimeUnit.SECONDS));
            }
            return acks;
        } finally {
            producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertExactlyOnceInOrder(ScriptedBroker broker, List<RecordMetadata> acks) {
        assertThat(broker.recordsInLog()).isEqualTo(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i).offset()).as("record %d", i).isEqualTo(i);
        }
    }
}
