package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.admin.TopicDescription;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.DisconnectException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker stopped while a request is in flight, then started again. */
@EmbeddedAsyncKafka
@Timeout(120)
class BrokerRestartIT {

    @Test
    void pendingRequestFailsRetriablyAndClientReconnectsWhenBrokerIsBack(EmbeddedKafkaCluster kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        ClientOptions options = ClientOptions.builder()
                .bootstrapServers(bootstrap)
                .reconnectBackoffMax(Duration.ofMillis(500))
                .build();
        TopicDescription topic;
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(options))) {
            admin.createTopic(new NewTopic("restart-it", 1, (short) 1)).get(30, TimeUnit.SECONDS);
            topic = admin.describeTopics(List.of("restart-it"))
                    .get(30, TimeUnit.SECONDS)
                    .get("restart-it");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = group.next();
        ConnectionPool pool = new ConnectionPool(loop, options);
        try {
            int brokerId = kafka.brokerIds().get(0);
            String[] hp = kafka.brokerAddress(brokerId).split(":");
            Node node = new Node(brokerId, hp[0], Integer.parseInt(hp[1]), null);

            // A long-polling fetch on an empty partition: the broker holds it for 30 s.
            FetchRequest fetch = new FetchRequest()
                    .setMaxWaitMs(30_000)
                    .setMinBytes(1)
                    .setTopics(List.of(new FetchRequest.FetchTopic()
                            .setTopic("restart-it")
                            .setTopicId(topic.topicId())
                            .setPartitions(List.of(new FetchRequest.FetchPartition()
                                    .setPartition(0)
                                    .setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))));
            CompletableFuture<FetchResponse> pending = pool.send(node, TrafficClass.FETCH, fetch);
            CompletableFuture.supplyAsync(() -> pool.connection(node, TrafficClass.FETCH), loop)
                    .get(10, TimeUnit.SECONDS)
                    .ready()
                    .get(10, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertThat(pending).isNotDone();

            kafka.stopBroker(brokerId);
            Throwable error = failure(pending);
            assertThat(error).isInstanceOf(DisconnectException.class);
            assertThat(((KafkaException) error).isRetriable()).isTrue();

            // While the broker is down, requests fail retriably instead of hanging.
            Throwable down = failure(pool.send(node, TrafficClass.CONTROL, new MetadataRequest()));
            assertThat(((KafkaException) down).isRetriable()).isTrue();

            kafka.startBroker(brokerId);
            MetadataResponse after = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (after == null && System.nanoTime() < deadline) {
                try {
                    after = pool.<MetadataResponse>send(node, TrafficClass.CONTROL, new MetadataRequest())
                            .get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(((KafkaException) e.getCause()).isRetriable()).isTrue();
                    Thread.sleep(100);
                }
            }
            assertThat(after).as("reconnected after restart").isNotNull();
            assertThat(after.brokers()).extracting(b -> b.nodeId()).contains(brokerId);
        } finally {
            pool.close(new KafkaException("test over"));
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
