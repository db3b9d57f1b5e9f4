package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.DisconnectException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.ProtocolDecodeException;
import dev.asynckafka.errors.RetriableException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.DescribeClusterRequest;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.test.fake.Exchange;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import dev.asynckafka.test.fake.ReceivedRequest;
import dev.asynckafka.test.fake.RequestHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection against a fake broker that misbehaves on purpose. */
@Timeout(30)
class BrokerConnectionTest {
    private EventLoopGroup group;
    private EventLoop loop;
    private HostResolver resolver;
    private final List<FakeKafkaBroker> fakes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        resolver = new DnsHostResolver(loop);
    }

    @AfterEach
    void tearDown() throws IOException {
        for (FakeKafkaBroker f : fakes) {
            f.close();
        }
        resolver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private FakeKafkaBroker fake(RequestHandler behaviour) throws IOException {
        FakeKafkaBroker f = FakeKafkaBroker.start(behaviour);
        fakes.add(f);
        return f;
    }

    private BrokerConnection connect(FakeKafkaBroker fake, Duration requestTimeout, int maxInFlight) {
        ClientOptions options = ClientOptions.builder()
                .bootstrapServers("127.0.0.1:" + fake.port())
                .requestTimeout(requestTimeout)
                .maxInFlightRequestsPerConnection(maxInFlight)
                .build();
        return BrokerConnection.open(loop, options, new Node(1, "127.0.0.1", fake.port(), null), resolver, 0);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but was expected to fail");
    }

    private static void answerMetadata(ReceivedRequest r, Exchange out) throws IOException {
        FakeBrokerProtocol.writeResponse(r, new MetadataResponse().setClusterId("fake"), out);
    }

    @Test
    void handshakeNegotiatesHighestCommonVersionAndSendsClientSoftware() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else {
                answerMetadata(r, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(5), 5);
        c.ready().get(10, TimeUnit.SECONDS);
        assertThat(c.versions().select(ApiKey.METADATA, Short.MAX_VALUE)).isEqualTo(ApiKey.METADATA.latestVersion());
        assertThat(c.versions().select(ApiKey.METADATA, (short) 4)).isEqualTo((short) 4);
        MetadataResponse response =
                c.<MetadataResponse>send(new MetadataRequest()).get(10, TimeUnit.SECONDS);
        assertThat(response.clusterId()).isEqualTo("fake");
    }

    @Test
    void apiVersionsFallsBackWhenBrokerIsOlder() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r) && r.apiVersion() > 2) {
                // An old broker answers an ApiVersions version it does not know with v0 and error 35.
                ApiVersionsResponse v0 = new ApiVersionsResponse()
                        .setErrorCode(ErrorCode.UNSUPPORTED_VERSION.code())
                        .setApiKeys(List.of(new ApiVersionsResponse.ApiVersion()
                                .setApiKey(ApiKey.API_VERSIONS.id())
                                .setMinVersion((short) 0)
                                .setMaxVersion((short) 2)));
                FakeBrokerProtocol.writeResponse(
                        FakeBrokerProtocol.header(r.apiKey(), (short) 0, r.correlationId()), v0, out);
            } else if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(5), 5);
        c.ready().get(10, TimeUnit.SECONDS);
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void noCommonVersionGivesClearError() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                ApiVersionsResponse only = new ApiVersionsResponse()
                        .setApiKeys(List.of(new ApiVersionsResponse.ApiVersion()
                                .setApiKey(ApiKey.API_VERSIONS.id())
                                .setMinVersion((short) 0)
                                .setMaxVersion(ApiKey.API_VERSIONS.latestVersion())));
                FakeBrokerProtocol.writeResponse(r, only, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(5), 5);
        Throwable error = failure(c.send(new DescribeClusterRequest()));
        assertThat(error)
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("DescribeCluster")
                .hasMessageContaining("broker 1");
    }

    @Test
    void absurdLengthPrefixFailsWithoutAllocating() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            out.writeRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        Throwable error = failure(c.send(new MetadataRequest()));
        assertThat(error).isInstanceOf(DisconnectException.class).hasMessageContaining("2147483647");
        assertThat(((KafkaException) error).isRetriable()).isTrue();
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS)).isInstanceOf(ProtocolDecodeException.class);
    }

    @Test
    void httpServerInsteadOfKafkaIsReportedAsCorruptStream() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> out.writeRaw(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        assertThat(failure(c.ready())).hasMessageContaining("not Kafka");
    }

    @Test
    void truncatedFrameFailsWhenPeerCloses() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            out.writeRaw(new byte[] {0, 0, 0, 100, 0, 0, 0, 1, 0, 0});
            throw new IOException("close now");
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        Throwable error = failure(c.send(new MetadataRequest()));
        assertThat(error).isInstanceOf(DisconnectException.class).hasMessageContaining("middle of a frame");
    }

    @Test
    void garbageResponseBodyFailsAndClosesConnection() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else {
                // A frame with the right correlation id and a body that ends mid-field.
                out.writeRaw(new byte[] {0, 0, 0, 7});
                out.writeRaw(new byte[] {
                    (byte) (r.correlationId() >>> 24),
                    (byte) (r.correlationId() >>> 16),
                    (byte) (r.correlationId() >>> 8),
                    (byte) r.correlationId(),
                    0,
                    (byte) 0xff,
                    (byte) 0xff
                });
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        CompletableFuture<MetadataResponse> first = c.send(new MetadataRequest());
        Throwable error = failure(first);
        assertThat(error).isInstanceOf(DisconnectException.class);
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS)).isInstanceOf(ProtocolDecodeException.class);
        assertThat(failure(c.send(new MetadataRequest()))).isInstanceOf(DisconnectException.class);
    }

    @Test
    void wrongCorrelationIdIsDetected() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else {
                answerMetadata(FakeBrokerProtocol.header(r.apiKey(), r.apiVersion(), r.correlationId() + 7), out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        assertThat(failure(c.send(new MetadataRequest()))).hasMessageContaining("correlation id");
    }

    @Test
    void hangingBrokerTripsTheRequestTimeout() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {});
        BrokerConnection c = connect(fake, Duration.ofMillis(300), 5);
        Throwable error = failure(c.send(new MetadataRequest()));
        // The queued request's own timer or the unanswered ApiVersions handshake's (which closes
        // the connection) fires first; either way the failure is retriable and names the timeout.
        assertThat(error).isInstanceOf(RetriableException.class).hasMessageContaining("300 ms");
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("ApiVersions");
    }

    @Test
    void aWrittenRequestThatTimesOutClosesTheConnectionAndFailsTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
                return;
            }
            // Hold every request; answer them only when released (too late).
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answerMetadata(r, out);
        });
        BrokerConnection c = connect(fake, Duration.ofMillis(500), 5);
        c.ready().get(10, TimeUnit.SECONDS);
        CompletableFuture<MetadataResponse> slow = c.send(new MetadataRequest());
        CompletableFuture<MetadataResponse> behind =
                c.send(new MetadataRequest(), Short.MAX_VALUE, true, TimeUnit.SECONDS.toNanos(15));
        assertThat(failure(slow)).isInstanceOf(TimeoutException.class).hasMessageContaining("500 ms");
        // The connection closes with the first timeout, not after a second period: bytes of a request
        // the caller gave up on must not be processed later on a connection still in use.
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("closing the connection");
        assertThat(failure(behind)).isInstanceOf(DisconnectException.class);
        release.countDown();
        assertThat(failure(c.send(new MetadataRequest()))).isInstanceOf(DisconnectException.class);
    }

    @Test
    void brokerThatNeverAnswersIsDisconnectedAtTheFirstTimeout() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofMillis(300), 5);
        assertThat(failure(c.send(new MetadataRequest()))).isInstanceOf(TimeoutException.class);
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void inFlightLimitHoldsBackFurtherRequests() throws Exception {
        List<ReceivedRequest> held = new ArrayList<>();
        Exchange[] stream = new Exchange[1];
        boolean[] released = new boolean[1];
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
                return;
            }
            synchronized (held) {
                if (!released[0]) {
                    held.add(r);
                    stream[0] = out;
                    return;
                }
            }
            synchronized (out) {
                answerMetadata(r, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(20), 3);
        c.ready().get(10, TimeUnit.SECONDS);
        List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(c.send(new MetadataRequest()));
        }
        // Unanswered, the client may have written only 3 requests; give it time to (wrongly) send more.
        Thread.sleep(300);
        assertThat(fake.requestCount()).isEqualTo(1 + 3);
        synchronized (held) {
            released[0] = true;
            synchronized (stream[0]) {
                for (ReceivedRequest r : held) {
                    answerMetadata(r, stream[0]);
                }
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(fake.requestCount()).isEqualTo(11);
    }

    @Test
    void thousandPipelinedRequestsAllComplete() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else {
                answerMetadata(r, out);
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(20), 5);
        List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(c.send(new MetadataRequest()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(fake.connectionCount()).isEqualTo(1);
        assertThat(fake.requestCount()).isEqualTo(1001);
    }

    @Test
    void peerCloseFailsInFlightWithRetriableError() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else {
                throw new IOException("drop the connection");
            }
        });
        BrokerConnection c = connect(fake, Duration.ofSeconds(10), 5);
        Throwable error = failure(c.send(new MetadataRequest()));
        assertThat(error).isInstanceOf(DisconnectException.class).hasMessageContaining("closed the connection");
        assertThat(((KafkaException) error).isRetriable()).isTrue();
    }

    @Test
    void unreachableBrokerFailsWithRetriableNetworkError() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> {});
        int port = fake.port();
        fake.close();
        ClientOptions options =
                ClientOptions.builder().bootstrapServers("127.0.0.1:" + port).build();
        BrokerConnection c = BrokerConnection.open(loop, options, new Node(-1, "127.0.0.1", port, null), resolver, 0);
        Throwable error = failure(c.send(new MetadataRequest()));
        assertThat(error).isInstanceOf(DisconnectException.class).hasMessageContaining("Cannot connect");
        assertThat(((KafkaException) error).isRetriable()).isTrue();
    }

    @Test
    void useAllDnsIpsTriesEveryAddressInTurn() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> FakeBrokerProtocol.answerApiVersions(r, out));
        // 127.0.0.2 is loopback too, but the fake listens on 127.0.0.1 only: refused first.
        HostResolver twoAddresses = new HostResolver() {
            @Override
            public CompletableFuture<List<InetAddress>> resolveAll(String host) {
                try {
                    return CompletableFuture.completedFuture(
                            List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")));
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void close() {}
        };
        Node node = new Node(1, "kafka.example", fake.port(), null);
        ClientOptions all =
                ClientOptions.builder().bootstrapServers("kafka.example:1").build();
        BrokerConnection c = BrokerConnection.open(loop, all, node, twoAddresses, 0);
        c.ready().get(10, TimeUnit.SECONDS);

        ClientOptions first = all.toBuilder()
                .clientDnsLookup(ClientOptions.ClientDnsLookup.USE_FIRST_DNS_IP)
                .build();
        BrokerConnection onlyFirst = BrokerConnection.open(loop, first, node, twoAddresses, 0);
        assertThat(failure(onlyFirst.ready())).hasMessageContaining("Cannot connect");
    }

    @Test
    void idleConnectionIsClosedCleanly() throws Exception {
        FakeKafkaBroker fake = fake((r, out) -> FakeBrokerProtocol.answerApiVersions(r, out));
        ClientOptions options = ClientOptions.builder()
                .bootstrapServers("127.0.0.1:" + fake.port())
                .connectionsMaxIdle(Duration.ofMillis(300))
                .build();
        BrokerConnection c =
                BrokerConnection.open(loop, options, new Node(1, "127.0.0.1", fake.port(), null), resolver, 0);
        c.ready().get(10, TimeUnit.SECONDS);
        assertThat(c.closeFuture().get(10, TimeUnit.SECONDS))
                .as("closed without error")
                .isNull();
    }
}
