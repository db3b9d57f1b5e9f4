package dev.asynckafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.internal.network.BrokerConnection;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.ApiVersionsRequest;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ApiVersions negotiation with each release: every API the client sends has a version in
 * common with the broker, and every API the broker offers is negotiated to the highest version
 * both sides know (the versions chosen are printed to the test's output).
 */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class ApiVersionsCompatIT {
    /** Every API the client's main code sends. */
    private static final List<ApiKey> USED = List.of(
            ApiKey.API_VERSIONS,
            ApiKey.METADATA,
            ApiKey.PRODUCE,
            ApiKey.INIT_PRODUCER_ID,
            ApiKey.FETCH,
            ApiKey.LIST_OFFSETS,
            ApiKey.FIND_COORDINATOR,
            ApiKey.JOIN_GROUP,
            ApiKey.SYNC_GROUP,
            ApiKey.HEARTBEAT,
            ApiKey.LEAVE_GROUP,
            ApiKey.OFFSET_COMMIT,
            ApiKey.OFFSET_FETCH,
            ApiKey.CREATE_TOPICS,
            ApiKey.DELETE_TOPICS,
            ApiKey.SASL_HANDSHAKE,
            ApiKey.SASL_AUTHENTICATE);

    private final String version;

    ApiVersionsCompatIT(String version) {
        this.version = version;
    }

    @Test
    void everyApiTheClientSendsHasAVersionInCommon() throws Exception {
        String bootstrap = CompatBrokers.broker(version).bootstrapServers();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = group.next();
        ConnectionPool pool = new ConnectionPool(
                loop, ClientOptions.builder().bootstrapServers(bootstrap).build());
        try {
            String[] hp = bootstrap.split(":");
            Node node = new Node(-1, hp[0], Integer.parseInt(hp[1]), null);
            BrokerConnection c = CompletableFuture.supplyAsync(() -> pool.connection(node, TrafficClass.CONTROL), loop)
                    .get(10, TimeUnit.SECONDS);
            c.ready().get(30, TimeUnit.SECONDS);
            ApiVersionsResponse announced = c.<ApiVersionsResponse>send(new ApiVersionsRequest()
                            .setClientSoftwareName("async-kafka")
                            .setClientSoftwareVersion("compat"))
                    .get(10, TimeUnit.SECONDS);

            StringBuilder chosen = new StringBuilder("Kafka " + version + " negotiated:");
            for (ApiKey key : USED) {
                ApiVersionsResponse.ApiVersion offered = announced.apiKeys().stream()
                        .filter(v -> v.apiKey() == key.id())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("Kafka " + version + " does not offer " + key));
                short v = c.versions().select(key, Short.MAX_VALUE);
                assertThat(v)
                        .as(
                                "%s: broker %d..%d, client %d..%d",
                                key,
                                offered.minVersion(),
                                offered.maxVersion(),
                                key.oldestVersion(),
                                key.latestVersion())
                        .isEqualTo((short) Math.min(key.latestVersion(), offered.maxVersion()))
                        .isGreaterThanOrEqualTo(offered.minVersion());
                chosen.append(' ').append(key.displayName()).append('=').append(v);
            }
            System.out.println(chosen);

            // Every other API the broker offers negotiates the same way, or not at all when the
            // ranges are disjoint (an API version removed on one side).
            for (ApiVersionsResponse.ApiVersion offered : announced.apiKeys()) {
                ApiKey key = ApiKey.forId(offered.apiKey());
                if (key == null) {
                    continue; // newer than our specs
                }
                boolean overlap =
                        offered.maxVersion() >= key.oldestVersion() && offered.minVersion() <= key.latestVersion();
                assertThat(c.versions().supports(key)).as(key.name()).isEqualTo(overlap);
            }
        } finally {
            pool.close(new dev.asynckafka.errors.KafkaException("test over"));
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
