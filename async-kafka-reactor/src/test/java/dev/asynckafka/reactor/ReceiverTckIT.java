package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK (TestNG, run on the JUnit Platform) against {@link KafkaReceiver#receive()}
 * on a real broker. A Kafka receiver never completes by itself, while the TCK's publishers must
 * emit exactly the elements asked for and complete: the publisher under test is {@code
 * receive().take(n)}, so completion comes from Reactor's {@code take}; subscription, demand,
 * cancellation and errors go through the receiver.
 */
public class ReceiverTckIT extends PublisherVerification<ReceiverRecord<String, String>> {
    private static final int RECORDS = 300;

    private EmbeddedKafkaCluster kafka;

    public ReceiverTckIT() {
        super(new TestEnvironment(5_000, 500));
    }

    @BeforeClass
    public void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().topic("tck", 1).start();
        TestKafka.fill(kafka.bootstrapServers(), "tck", 1, RECORDS, "");
    }

    @AfterClass
    public void stopKafka() {
        kafka.close();
    }

    private KafkaReceiver<String, String> receiver() {
        return KafkaReceiver.create(TestKafka.receiverOptions(TestKafka.consumerOptions(kafka.bootstrapServers(), null)
                        .build())
                .assignment(List.of(new TopicPartition("tck", 0)))
                .pollTimeout(Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(5))
                .build());
    }

    @Override
    public Publisher<ReceiverRecord<String, String>> createPublisher(long elements) {
        return receiver().receive().take(elements);
    }

    @Override
    public Publisher<ReceiverRecord<String, String>> createFailedPublisher() {
        // No group.id: the at-most-once Flux fails at once, through the receiver's own sink.
        return receiver().receiveAtMostOnce().<ReceiverRecord<String, String>>map(r -> {
            throw new AssertionError("no record expected from a failed publisher");
        });
    }

    @Override
    public long maxElementsFromPublisher() {
        return RECORDS;
    }
}
