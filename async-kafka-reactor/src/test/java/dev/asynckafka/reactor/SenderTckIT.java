package dev.asynckafka.reactor;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK (TestNG, run on the JUnit Platform) against the result publisher of
 * {@link KafkaSender#send}, on a real broker: n records in, n results out, then completion.
 */
public class SenderTckIT extends PublisherVerification<SenderResult<Integer>> {
    private EmbeddedKafkaCluster kafka;
    private KafkaSender<String, String> sender;

    public SenderTckIT() {
        super(new TestEnvironment(5_000, 500));
    }

    @BeforeClass
    public void start() {
        kafka = EmbeddedKafkaCluster.builder().topic("tck-out", 2).start();
        sender = KafkaSender.create(SenderOptions.builder(
                        ProducerOptions.builder(ClientOptions.builder()
                                        .bootstrapServers(kafka.bootstrapServers())
                                        .build())
                                .linger(Duration.ofMillis(1))
                                .build(),
                        Serializers.string(),
                        Serializers.string())
                .maxInFlight(16)
                .build());
    }

    @AfterClass
    public void stop() {
        sender.close();
        kafka.close();
    }

    @Override
    public Publisher<SenderResult<Integer>> createPublisher(long elements) {
        return sender.send(Flux.range(0, (int) elements)
                .map(i -> SenderRecord.create(new ProducerRecord<>("tck-out", "k" + i, "v" + i), i)));
    }

    @Override
    public Publisher<SenderResult<Integer>> createFailedPublisher() {
        return sender.send(Flux.error(new IllegalStateException("upstream failed")));
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1024;
    }
}
