package dev.asynckafka.reactor;

import static dev.asynckafka.reactor.TestKafka.consumerOptions;
import static dev.asynckafka.reactor.TestKafka.fill;
import static dev.asynckafka.reactor.TestKafka.receiverOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The WebFlux SSE example ({@link PartitionSseEndpoint}) over HTTP: a client that takes one chunk
 * and then reads nothing holds its partition's fetching at the consumer's partition buffer, while
 * the clients of the other partitions receive everything. Small socket buffers on both ends keep
 * what the network can hold small next to the slow partition's data.
 */
@EmbeddedAsyncKafka(
        topics = {"sse"},
        partitions = 4)
@Timeout(180)
class SseBackpressureIT {
    private static final int SLOW_RECORDS = 4_000;
    private static final int FAST_RECORDS = 200;
    private static final String PADDING = "x".repeat(1_000);
    private static final int PARTITION_BUFFER = 32 * 1024;
    private static final int PARTITION_FETCH = 16 * 1024;
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() {};

    @Test
    void aSlowSseClientHoldsItsPartitionAtItsBufferWhileTheOtherPartitionsStreamToTheEnd(
            @BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "sse", 1, SLOW_RECORDS, PADDING);
        for (int p = 1; p < 4; p++) {
            fillPartition(bootstrap, p);
        }
        TopicPartition slowTp = new TopicPartition("sse", 0);
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            all.add(new TopicPartition("sse", p));
        }
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(consumerOptions(bootstrap, null)
                        .partitionBufferBytes(PARTITION_BUFFER)
                        .maxPartitionFetchBytes(PARTITION_FETCH)
                        .totalBufferBytes(4L * PARTITION_BUFFER)
                        .build())
                .assignment(all)
                .build());
        try (PartitionSseEndpoint endpoint = new PartitionSseEndpoint(receiver)) {
            DisposableServer server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .childOption(ChannelOption.SO_SNDBUF, 4096)
                    .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(endpoint.routes())))
                    .bindNow(Duration.ofSeconds(30));
            String base = "http://127.0.0.1:" + server.port();
            SlowClient slow = new SlowClient();
            try {
                HttpClient.create()
                        .option(ChannelOption.SO_RCVBUF, 4096)
                        .get()
                        .uri(base + "/partitions/0/events")
                        .responseContent()
                        .asString()
                        .subscribe(slow);
                assertThat(slow.firstChunk.await(60, TimeUnit.SECONDS))
                        .as("the slow client got its first chunk")
                        .isTrue();

                AtomicLong maxSlowBuffered = new AtomicLong();
                WebClient web = WebClient.builder()
                        .baseUrl(base)
                        .clientConnector(new ReactorClientHttpConnector(HttpClient.create()))
                        .build();
                List<List<String>> fastIds = Flux.range(1, 3)
                        .flatMap(p -> web.get()
                                .uri("/partitions/{p}/events", p)
                                .accept(MediaType.TEXT_EVENT_STREAM)
                                .retrieve()
                                .bodyToFlux(EVENT)
                                .take(FAST_RECORDS)
                                .index()
                                .doOnNext(t -> {
                                    if (t.getT1() % 20 == 0) {
                                        sampleBuffer(receiver, slowTp, maxSlowBuffered);
                                    }
                                })
                                .map(t -> t.getT2().id())
                                .collectList())
                        .collectList()
                        .block(Duration.ofSeconds(120));

                // Every other partition streamed to its end, in offset order.
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < FAST_RECORDS; i++) {
                    expected.add(Long.toString(i));
                }
                assertThat(fastIds).hasSize(3).allSatisfy(ids -> assertThat(ids).isEqualTo(expected));

                // The slow client's partition: bounded buffer, not fetched to its end.
                ConsumerMetrics.PartitionMetrics m = receiver.doOnConsumer(c -> c.metrics(slowTp))
                        .block(Duration.ofSeconds(30))
                        .orElseThrow();
                long bound = PARTITION_BUFFER + PARTITION_FETCH + 16 * 1024;
                assertThat(m.position()).as("handed out to the SSE stream").isPositive();
                assertThat(m.bufferedBytes()).isLessThanOrEqualTo(bound);
                assertThat(maxSlowBuffered.get()).isLessThanOrEqualTo(bound);
                assertThat(m.position() + m.bufferedRecords())
                        .as("partition 0 fetched no further than what the slow client's connection holds")
                        .isLessThan(SLOW_RECORDS);
                assertThat(slow.chunks.get()).isEqualTo(1);
            } finally {
                slow.dispose();
                server.disposeNow(Duration.ofSeconds(30));
            }
        }
    }

    private static void sampleBuffer(KafkaReceiver<String, String> receiver, TopicPartition tp, AtomicLong max) {
        receiver.doOnConsumer(c -> c.metrics(tp))
                .subscribe(m -> m.ifPresent(pm -> max.accumulateAndGet(pm.bufferedBytes(), Math::max)));
    }

    /** Writes FAST_RECORDS records to one partition, value "p-i", key "i". */
    private static void fillPartition(String bootstrap, int partition) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(
                        p,
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < FAST_RECORDS; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        "sse", partition, Integer.toString(i), partition + "-" + i + PADDING));
            }
            producer.flush();
        }
    }

    /** Requests one chunk of the response body, then nothing more. */
    private static final class SlowClient extends BaseSubscriber<String> {
        final CountDownLatch firstChunk = new CountDownLatch(1);
        final AtomicLong chunks = new AtomicLong();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        protected void hookOnNext(String chunk) {
            chunks.incrementAndGet();
            firstChunk.countDown();
        }
    }
}
