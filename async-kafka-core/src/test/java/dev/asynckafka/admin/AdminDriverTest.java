package dev.asynckafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.CoordinatorLoadInProgressException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.GroupNotEmptyException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.CreateTopicsResponse;
import dev.asynckafka.internal.protocol.message.DeleteGroupsResponse;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin driver's routing and retrying against a scripted broker: coordinators looked up in one
 * batched FindCoordinator and again after NOT_COORDINATOR, per-item errors kept apart, the
 * controller retried after NOT_CONTROLLER, retriable errors ending in a timeout that names the item.
 */
@Timeout(60)
class AdminDriverTest {
    private static final List<String> GROUPS = List.of("a", "b", "c");

    private final AtomicInteger findCoordinator = new AtomicInteger();
    private final AtomicInteger deleteGroups = new AtomicInteger();
    private final AtomicInteger createTopics = new AtomicInteger();
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private volatile boolean leaderless;
    private final int[] port = new int[1];

    private FakeKafkaBroker broker(
            IntFunction<Map<String, ErrorCode>> deleteAnswers, IntFunction<ErrorCode> createAnswers) throws Exception {
        FakeKafkaBroker broker = FakeKafkaBroker.start((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else if (r.apiKey() == ApiKey.METADATA.id()) {
                metadataRequests.incrementAndGet();
                FakeBrokerProtocol.writeResponse(r, metadata(port[0], leaderless), out);
            } else if (r.apiKey() == ApiKey.FIND_COORDINATOR.id()) {
                findCoordinator.incrementAndGet();
                List<FindCoordinatorResponse.Coordinator> coordinators = new ArrayList<>();
                for (String g : GROUPS) {
                    coordinators.add(new FindCoordinatorResponse.Coordinator()
                            .setKey(g)
                            .setNodeId(0)
                            .setHost("127.0.0.1")
                            .setPort(port[0]));
                }
                FakeBrokerProtocol.writeResponse(r, new FindCoordinatorResponse().setCoordinators(coordinators), out);
            } else if (r.apiKey() == ApiKey.DELETE_GROUPS.id()) {
                List<DeleteGroupsResponse.DeletableGroupResult> results = new ArrayList<>();
                deleteAnswers
                        .apply(deleteGroups.incrementAndGet())
                        .forEach((g, code) -> results.add(new DeleteGroupsResponse.DeletableGroupResult()
                                .setGroupId(g)
                                .setErrorCode(code.code())));
                FakeBrokerProtocol.writeResponse(r, new DeleteGroupsResponse().setResults(results), out);
            } else if (r.apiKey() == ApiKey.CREATE_TOPICS.id()) {
                ErrorCode code = createAnswers.apply(createTopics.incrementAndGet());
                FakeBrokerProtocol.writeResponse(
                        r,
                        new CreateTopicsResponse()
                                .setTopics(List.of(new CreateTopicsResponse.CreatableTopicResult()
                                        .setName("t")
                                        .setErrorCode(code.code()))),
                        out);
            }
        });
        port[0] = broker.port();
        return broker;
    }

    private static AsyncKafkaAdmin admin(FakeKafkaBroker broker, Duration timeout) {
        return AsyncKafkaAdmin.create(AdminOptions.builder(ClientOptions.builder()
                        .bootstrapServers("127.0.0.1:" + broker.port())
                        .retryBackoff(Duration.ofMillis(5))
                        .retryBackoffMax(Duration.ofMillis(50))
                        .build())
                .defaultApiTimeout(timeout)
                .build());
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void groupsAreLookedUpInOneBatchAndRoutedAgainAfterNotCoordinator() throws Exception {
        try (FakeKafkaBroker fake = broker(
                        n -> n == 1
                                ? Map.of(
                                        "a", ErrorCode.NONE,
                                        "b", ErrorCode.NON_EMPTY_GROUP,
                                        "c", ErrorCode.NOT_COORDINATOR)
                                : Map.of("c", ErrorCode.NONE),
                        n -> ErrorCode.NONE);
                AsyncKafkaAdmin admin = admin(fake, Duration.ofSeconds(30))) {
            AdminResult<String, Void> result = admin.deleteConsumerGroups(GROUPS);
            result.value("a").get(30, TimeUnit.SECONDS);
            result.value("c").get(30, TimeUnit.SECONDS);
            assertThat(failure(result.value("b")))
                    .isInstanceOf(GroupNotEmptyException.class)
                    .hasMessageContaining("b");
            // One FindCoordinator for the three groups, one more for c alone after NOT_COORDINATOR.
            assertThat(findCoordinator.get()).isEqualTo(2);
            assertThat(deleteGroups.get()).isEqualTo(2);
        }
    }

    @Test
    void retriableErrorsEndInATimeoutNamingTheItemWithTheLastErrorAsCause() throws Exception {
        // A budget generous enough for a loaded machine to connect and get a first answer.
        try (FakeKafkaBroker fake =
                        broker(n -> Map.of("a", ErrorCode.COORDINATOR_LOAD_IN_PROGRESS), n -> ErrorCode.NONE);
                AsyncKafkaAdmin admin = admin(fake, Duration.ofSeconds(5))) {
            AdminResult<String, Void> result = admin.deleteConsumerGroups(List.of("a"));
            Throwable error = failure(result.value("a"));
            assertThat(error).isInstanceOf(TimeoutException.class).hasMessageContaining("group a");
            assertThat(error.getCause()).isInstanceOf(CoordinatorLoadInProgressException.class);
            assertThat(deleteGroups.get()).isGreaterThan(1);
        }
    }

    @Test
    void notControllerIsRetried() throws Exception {
        try (FakeKafkaBroker fake = broker(n -> Map.of(), n -> n == 1 ? ErrorCode.NOT_CONTROLLER : ErrorCode.NONE);
                AsyncKafkaAdmin admin = admin(fake, Duration.ofSeconds(30))) {
            admin.createTopicsEach(List.of(new NewTopic("t", 1, (short) 1)), false)
                    .value("t")
                    .get(30, TimeUnit.SECONDS);
            assertThat(createTopics.get()).isEqualTo(2);
        }
    }

    @Test
    void cancellingACreatedTopicStopsItsWaitForLeaders() throws Exception {
        leaderless = true;
        try (FakeKafkaBroker fake = broker(n -> Map.of(), n -> ErrorCode.NONE);
                AsyncKafkaAdmin admin = admin(fake, Duration.ofSeconds(30))) {
            java.util.concurrent.CompletableFuture<Void> created = admin.createTopicsEach(
                            List.of(new NewTopic("t", 1, (short) 1)), false)
                    .value("t");
            // The controller accepted the topic; the item now retries Metadata until a leader shows.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (metadataRequests.get() < 4 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(createTopics.get()).isEqualTo(1);
            assertThat(metadataRequests.get()).isGreaterThanOrEqualTo(4);
            assertThat(created.cancel(false)).isTrue();
            int atCancel = metadataRequests.get();
            // At 5-50 ms backoff a wait that went on would ask ~20 more times in a second; a
            // slower machine only asks fewer, so this cannot fail for being slow.
            Thread.sleep(1000);
            assertThat(metadataRequests.get()).isLessThanOrEqualTo(atCancel + 1);
        }
    }

    private static MetadataResponse metadata(int port) {
        return metadata(port, false);
    }

    private static MetadataResponse metadata(int port, boolean leaderless) {
        return new MetadataResponse()
                .setClusterId("fake")
                .setControllerId(0)
                .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker()
                        .setNodeId(0)
                        .setHost("127.0.0.1")
                        .setPort(port)))
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic()
                        .setName("t")
                        .setTopicId(new Uuid(7L, 77L))
                        .setPartitions(List.of(new MetadataResponse.MetadataResponsePartition()
                                .setPartitionIndex(0)
                                .setLeaderId(leaderless ? -1 : 0)
                                .setLeaderEpoch(0)
                                .setReplicaNodes(List.of(0))
                                .setIsrNodes(List.of(0))))));
    }
}
