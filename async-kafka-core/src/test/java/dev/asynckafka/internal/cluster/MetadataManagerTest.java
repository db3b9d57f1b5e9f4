package dev.asynckafka.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metadata manager against a scripted fake broker. */
@Timeout(30)
class MetadataManagerTest {
    private static final Uuid TOPIC_ID = new Uuid(42, 43);

    private EventLoopGroup group;
    private EventLoop loop;
    private FakeKafkaBroker fake;
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final AtomicInteger leaderEpoch = new AtomicInteger(5);
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    private ConnectionPool pool;
    private MetadataManager manager;

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        fake = FakeKafkaBroker.start((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
                return;
            }
            if (r.apiKey() == ApiKey.METADATA.id()) {
                metadataRequests.incrementAndGet();
                try {
                    gate.get().await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FakeBrokerProtocol.writeResponse(r, response(), out);
            }
        });
    }

    private MetadataResponse response() {
        return new MetadataResponse()
                .setClusterId("fake-cluster")
                .setControllerId(1)
                .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker()
                        .setNodeId(1)
                        .setHost("127.0.0.1")
                        .setPort(fake.port())))
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic()
                        .setName("t")
                        .setTopicId(TOPIC_ID)
                        .setPartitions(List.of(new MetadataResponse.MetadataResponsePartition()
                                .setPartitionIndex(0)
                                .setLeaderId(1)
                                .setLeaderEpoch(leaderEpoch.get())
                                .setReplicaNodes(List.of(1))
                                .setIsrNodes(List.of(1))))));
    }

    private void start(String bootstrap, Duration maxAge) {
        ClientOptions options = ClientOptions.builder()
                .bootstrapServers(bootstrap)
                .metadataMaxAge(maxAge)
                .reconnectBackoffMax(Duration.ofMillis(100))
                .build();
        pool = new ConnectionPool(loop, options);
        manager = new MetadataManager(loop, options, pool, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        gate.get().countDown();
        if (manager != null) {
            manager.close();
            pool.close(new KafkaException("test over"));
        }
        fake.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void bootstrapTriesEachAddressAndBuildsASnapshot() throws Exception {
        start("127.0.0.1:" + unusedPort() + ",127.0.0.1:" + fake.port(), Duration.ofMinutes(5));
        ClusterSnapshot first = null;
        // Bootstrap order is shuffled; whichever comes first, both are tried within one start.
        first = manager.start().get(10, TimeUnit.SECONDS);
        assertThat(first.clusterId()).isEqualTo("fake-cluster");
        assertThat(first.brokers()).containsOnlyKeys(1);
        assertThat(first.controller().port()).isEqualTo(fake.port());
    }

    @Test
    void unreachableBootstrapFailsNamingTheAddresses() throws Exception {
        int dead = unusedPort();
        start("127.0.0.1:" + dead, Duration.ofMinutes(5));
        Throwable error = manager.start().handle((s, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(error).hasMessageContaining("127.0.0.1:" + dead);
        assertThat(((KafkaException) error).isRetriable()).isTrue();
    }

    @Test
    void concurrentRefreshesShareOneRequest() throws Exception {
        start("127.0.0.1:" + fake.port(), Duration.ofMinutes(5));
        manager.start().get(10, TimeUnit.SECONDS);
        int before = metadataRequests.get();
        CountDownLatch hold = new CountDownLatch(1);
        gate.set(hold);
        List<CompletableFuture<ClusterSnapshot>> refreshes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refreshes.add(manager.refresh());
        }
        hold.countDown();
        CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(metadataRequests.get() - before).isEqualTo(1);
        assertThat(refreshes.stream().map(CompletableFuture::join).distinct()).hasSize(1);
    }

    @Test
    void newTopicsWhileARefreshIsUnderWayGetOneMoreRequest() throws Exception {
        start("127.0.0.1:" + fake.port(), Duration.ofMinutes(5));
        manager.start().get(10, TimeUnit.SECONDS);
        int before = metadataRequests.get();
        CountDownLatch hold = new CountDownLatch(1);
        gate.set(hold);
        CompletableFuture<ClusterSnapshot> a = manager.refresh();
        CompletableFuture<ClusterSnapshot> b = manager.addTopics(List.of("t"));
        CompletableFuture<ClusterSnapshot> c = manager.addTopics(List.of("u"));
        hold.countDown();
        CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);
        assertThat(metadataRequests.get() - before).isEqualTo(2);
        assertThat(c.join().topic("t")).isNotNull();
    }

    @Test
    void staleLeaderEpochsAreIgnored() throws Exception {
        start("127.0.0.1:" + fake.port(), Duration.ofMinutes(5));
        manager.addTopics(List.of("t")).get(10, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition("t", 0);
        assertThat(manager.snapshot().partition(tp).leaderEpoch()).isEqualTo(5);
        leaderEpoch.set(3);
        manager.refresh().get(10, TimeUnit.SECONDS);
        assertThat(manager.snapshot().partition(tp).leaderEpoch()).isEqualTo(5);
        assertThat(manager.isStale(tp, 6)).isTrue();
        leaderEpoch.set(7);
        manager.refresh().get(10, TimeUnit.SECONDS);
        assertThat(manager.snapshot().partition(tp).leaderEpoch()).isEqualTo(7);
        assertThat(manager.snapshot().leader(tp).id()).isEqualTo(1);
        assertThat(manager.snapshot().topic("t").error()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void refreshesPeriodicallyAtMetadataMaxAge() throws Exception {
        start("127.0.0.1:" + fake.port(), Duration.ofMillis(100));
        manager.start().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metadataRequests.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metadataRequests.get()).isGreaterThanOrEqualTo(4);
    }
}
