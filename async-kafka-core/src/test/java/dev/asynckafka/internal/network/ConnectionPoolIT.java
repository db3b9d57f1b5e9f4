package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.ApiVersionsRequest;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections against a real Apache Kafka broker. */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(60)
class ConnectionPoolIT {
    private EventLoopGroup group;
    private EventLoop loop;
    private ConnectionPool pool;
    private Node node;

    @BeforeEach
    void setUp(@BootstrapServers String bootstrap) {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        ClientOptions options =
                ClientOptions.builder().bootstrapServers(bootstrap).build();
        pool = new ConnectionPool(loop, options);
        String[] hp = bootstrap.split(",")[0].split(":");
        node = new Node(-1, hp[0], Integer.parseInt(hp[1]), null);
    }

    @AfterEach
    void tearDown() {
        pool.close(new dev.asynckafka.errors.KafkaException("test over"));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private BrokerConnection connection(TrafficClass traffic) throws Exception {
        return CompletableFuture.supplyAsync(() -> pool.connection(node, traffic), loop)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void negotiatesTheLatestVersionsWithABrokerOfTheSameRelease() throws Exception {
        BrokerConnection c = connection(TrafficClass.CONTROL);
        c.ready().get(10, TimeUnit.SECONDS);
        // The broker is Kafka 4.1, built from the same specs: every API we generated and it offers
        // must negotiate our latest stable version; compare with what it announced.
        ApiVersionsResponse announced = c.<ApiVersionsResponse>send(new ApiVersionsRequest()
                        .setClientSoftwareName("async-kafka")
                        .setClientSoftwareVersion("test"))
                .get(10, TimeUnit.SECONDS);
        int checked = 0;
        for (ApiVersionsResponse.ApiVersion v : announced.apiKeys()) {
            ApiKey key = ApiKey.forId(v.apiKey());
            if (key == null || v.maxVersion() < key.oldestVersion()) {
                continue;
            }
            short expected = (short) Math.min(key.latestVersion(), v.maxVersion());
            assertThat(c.versions().select(key, Short.MAX_VALUE)).as(key.name()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(c.versions().select(ApiKey.METADATA, Short.MAX_VALUE)).isEqualTo(ApiKey.METADATA.latestVersion());
    }

    @Test
    void fetchesMetadata() throws Exception {
        MetadataResponse response = pool.<MetadataResponse>send(
                        node, TrafficClass.CONTROL, new MetadataRequest().setTopics(List.of()))
                .get(10, TimeUnit.SECONDS);
        assertThat(response.brokers()).hasSize(1);
        assertThat(response.clusterId()).isNotBlank();
    }

    @Test
    void thousandRequestsPipelinedOnOneConnectionAllComplete() throws Exception {
        BrokerConnection c = connection(TrafficClass.CONTROL);
        List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(c.send(new MetadataRequest().setTopics(List.of())));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (CompletableFuture<MetadataResponse> f : futures) {
            assertThat(f.join().brokers()).hasSize(1);
        }
        assertThat(connection(TrafficClass.CONTROL)).isSameAs(c);
    }

    @Test
    void eachTrafficClassGetsItsOwnConnection() throws Exception {
        BrokerConnection control = connection(TrafficClass.CONTROL);
        BrokerConnection fetch = connection(TrafficClass.FETCH);
        BrokerConnection produce = connection(TrafficClass.PRODUCE);
        BrokerConnection group = connection(TrafficClass.GROUP);
        assertThat(List.of(control, fetch, produce, group)).doesNotHaveDuplicates();
        CompletableFuture.allOf(control.ready(), fetch.ready(), produce.ready(), group.ready())
                .get(10, TimeUnit.SECONDS);
    }
}
