package dev.asynckafka.consumer;

import static dev.asynckafka.internal.virtual.InMemoryBroker.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.HeartbeatResponse;
import dev.asynckafka.internal.protocol.message.JoinGroupRequest;
import dev.asynckafka.internal.protocol.message.JoinGroupResponse;
import dev.asynckafka.internal.virtual.InMemoryBroker;
import dev.asynckafka.internal.virtual.VirtualLoop;
import dev.asynckafka.serialization.Deserializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The classic group member's timing paths on virtual time: the real consumer and its group
 * coordinator on an embedded event loop with a mock ticker, against an in-memory broker whose
 * group coordinator makes the member the leader of a group of one. Heartbeat interval, join retry
 * backoff while the coordinator is unavailable, the member removed by the broker (session expired),
 * and the max.poll.interval.ms leave and rejoin, at exact virtual instants.
 */
class GroupMemberTimingTest {
    private static final String TOPIC = "t";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final long MS = 1_000_000L;

    private final VirtualLoop vloop = new VirtualLoop();
    private final InMemoryBroker broker = new InMemoryBroker(vloop, 1).topic(TOPIC, 1);
    private final Recorder listener = new Recorder();
    private AsyncKafkaConsumer<String, String> consumer;

    @AfterEach
    void close() {
        assertThat(broker.failures()).isEmpty();
        if (consumer != null) {
            consumer.closeAsync(Duration.ZERO);
        }
        vloop.runPending();
        vloop.close();
    }

    /** Remembers the rebalance callbacks with their virtual time. */
    private final class Recorder implements RebalanceListener {
        final List<String> events = new ArrayList<>();

        @Override
        public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
            events.add("assigned " + partitions + " at " + vloop.millis());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
            events.add("revoked " + partitions + " at " + vloop.millis());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
            events.add("lost " + partitions + " at " + vloop.millis());
            return CompletableFuture.completedFuture(null);
        }
    }

    private AsyncKafkaConsumer<String, String> member(UnaryOperator<ConsumerOptions.Builder> group) {
        return member(c -> c, group);
    }

    private AsyncKafkaConsumer<String, String> member(
            UnaryOperator<ClientOptions.Builder> client, UnaryOperator<ConsumerOptions.Builder> group) {
        ClientOptions clientOptions = client.apply(ClientOptions.builder().bootstrapServers(broker.bootstrap()))
                .retryBackoff(Duration.ofMillis(100))
                .retryBackoffMax(Duration.ofMillis(1000))
                .build();
        ConsumerOptions options = group.apply(ConsumerOptions.builder(clientOptions)
                        .groupId("g")
                        .enableAutoCommit(false)
                        .executor(Runnable::run))
                .build();
        ClientContext context = new ClientContext(clientOptions, vloop.loop(), broker, false);
        consumer = AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string(), context);
        return consumer;
    }

    private void subscribe(AsyncKafkaConsumer<String, String> c) {
        c.subscribe(List.of(TOPIC), listener);
        vloop.runPending();
    }

    private static List<Long> times(List<InMemoryBroker.Request> requests) {
        return requests.stream().map(InMemoryBroker.Request::atNanos).toList();
    }

    @Test
    void heartbeatsGoOutEveryHeartbeatIntervalWhileTheApplicationDoesNotPoll() {
        AsyncKafkaConsumer<String, String> c = member(o -> o.heartbeatInterval(Duration.ofSeconds(1)));
        long start = vloop.nanoTime();
        subscribe(c);
        assertThat(broker.requests(ApiKey.SYNC_GROUP)).hasSize(1);
        assertThat(listener.events).containsExactly("assigned [t-0] at 0");

        vloop.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(times(broker.requests(ApiKey.HEARTBEAT)))
                .containsExactly(
                        start + 1000 * MS,
                        start + 2000 * MS,
                        start + 3000 * MS,
                        start + 4000 * MS,
                        start + 5000 * MS,
                        start + 6000 * MS,
                        start + 7000 * MS,
                        start + 8000 * MS,
                        start + 9000 * MS);
        vloop.advance(Duration.ofNanos(1));
        assertThat(broker.requests(ApiKey.HEARTBEAT)).hasSize(10);
        assertThat(broker.requests(ApiKey.JOIN_GROUP)).hasSize(1);
    }

    @Test
    void joinRetriesWhileTheCoordinatorIsUnavailableBackOffExponentiallyAndFindItAgain() {
        AtomicInteger joins = new AtomicInteger();
        broker.on(
                ApiKey.JOIN_GROUP,
                r -> joins.getAndIncrement() < 4
                        ? answer(new JoinGroupResponse().setErrorCode(ErrorCode.COORDINATOR_NOT_AVAILABLE.code()))
                        : broker.healthyReply(r));
        AsyncKafkaConsumer<String, String> c = member(o -> o);
        subscribe(c);
        vloop.advance(Duration.ofSeconds(5));

        List<InMemoryBroker.Request> attempts = broker.requests(ApiKey.JOIN_GROUP);
        assertThat(attempts).hasSize(5);
        // After the n-th failure in a row: 100 ms * 2^(n-1) (retry.backoff.ms doubling), +-20%.
        long[][] bounds = {{80, 120}, {160, 240}, {320, 480}, {640, 960}};
        for (int n = 1; n < attempts.size(); n++) {
            long gap = attempts.get(n).atNanos() - attempts.get(n - 1).atNanos();
            assertThat(gap).as("wait before join %d", n).isBetween(bounds[n - 1][0] * MS, bounds[n - 1][1] * MS);
        }
        // Each refusal made the member forget the coordinator and look it up again before retrying.
        List<InMemoryBroker.Request> lookups = broker.requests(ApiKey.FIND_COORDINATOR);
        assertThat(lookups).hasSize(5);
        for (int n = 1; n < attempts.size(); n++) {
            assertThat(lookups.get(n).atNanos()).isEqualTo(attempts.get(n).atNanos());
        }
        assertThat(broker.requests(ApiKey.SYNC_GROUP)).hasSize(1);
        assertThat(listener.events).singleElement().asString().startsWith("assigned [t-0]");
    }

    @Test
    void aMemberTheBrokerExpiredRejoinsAtOnceAsANewMemberAndLosesItsPartitions() {
        AtomicInteger heartbeats = new AtomicInteger();
        broker.on(
                ApiKey.HEARTBEAT,
                r -> answer(new HeartbeatResponse()
                        .setErrorCode(
                                heartbeats.incrementAndGet() == 3
                                        ? ErrorCode.UNKNOWN_MEMBER_ID.code()
                                        : ErrorCode.NONE.code())));
        AsyncKafkaConsumer<String, String> c = member(o -> o.heartbeatInterval(Duration.ofSeconds(1)));
        subscribe(c);
        vloop.advance(Duration.ofSeconds(3).minusNanos(1));
        assertThat(broker.requests(ApiKey.JOIN_GROUP)).hasSize(1);

        vloop.advance(Duration.ofNanos(1));
        List<InMemoryBroker.Request> joins = broker.requests(ApiKey.JOIN_GROUP);
        assertThat(joins).hasSize(2);
        InMemoryBroker.Request third = broker.requests(ApiKey.HEARTBEAT).get(2);
        assertThat(joins.get(1).atNanos()).isEqualTo(third.atNanos());
        assertThat(((JoinGroupRequest) joins.get(0).body()).memberId()).isEmpty();
        assertThat(((JoinGroupRequest) joins.get(1).body()).memberId())
                .as("a removed member joins without its old id")
                .isEmpty();
        assertThat(listener.events)
                .containsExactly("assigned [t-0] at 0", "lost [t-0] at 3000", "assigned [t-0] at 3000");
        assertThat(broker.generation()).isEqualTo(2);
    }

    @Test
    void withoutGetManyForMaxPollIntervalTheMemberLeavesAndTheNextGetManyRejoins() {
        AsyncKafkaConsumer<String, String> c = member(o -> o.heartbeatInterval(Duration.ofSeconds(1))
                .sessionTimeout(Duration.ofSeconds(10))
                .maxPollInterval(Duration.ofSeconds(8)));
        long start = vloop.nanoTime();
        subscribe(c);

        // The poll check runs every max(100 ms, min(1 s, max.poll.interval.ms / 4)) = 1 s: the
        // first check with more than 8 s idle is the one at 9 s.
        vloop.advance(Duration.ofSeconds(9).minusNanos(1));
        assertThat(broker.requests(ApiKey.LEAVE_GROUP)).isEmpty();
        vloop.advance(Duration.ofNanos(1));
        assertThat(times(broker.requests(ApiKey.LEAVE_GROUP))).containsExactly(start + 9000 * MS);
        assertThat(listener.events).containsExactly("assigned [t-0] at 0", "lost [t-0] at 9000");
        // Heartbeats went on every second while the application was away (the one at 9 s comes
        // due together with the poll check, and was scheduled first), and stop once out of the group.
        assertThat(broker.requests(ApiKey.HEARTBEAT)).hasSize(9);
        vloop.advance(Duration.ofSeconds(5));
        assertThat(broker.requests(ApiKey.HEARTBEAT)).hasSize(9);
        assertThat(broker.requests(ApiKey.JOIN_GROUP)).hasSize(1);

        // The application comes back: the member joins again at once.
        c.getMany(Duration.ofSeconds(1));
        vloop.runPending();
        assertThat(times(broker.requests(ApiKey.JOIN_GROUP))).containsExactly(start, start + 14_000 * MS);
        assertThat(listener.events).last().isEqualTo("assigned [t-0] at 14000");
    }

    @Test
    void aHeartbeatTheCoordinatorNeverAnswersTimesOutAndTheNextOneFindsTheCoordinatorAgain() {
        AtomicInteger heartbeats = new AtomicInteger();
        broker.on(
                ApiKey.HEARTBEAT,
                r -> heartbeats.incrementAndGet() == 1 ? InMemoryBroker.silence() : broker.healthyReply(r));
        AsyncKafkaConsumer<String, String> c = member(
                client -> client.requestTimeout(Duration.ofSeconds(2)),
                o -> o.heartbeatInterval(Duration.ofSeconds(1)).sessionTimeout(Duration.ofSeconds(10)));
        long start = vloop.nanoTime();
        subscribe(c);
        assertThat(times(broker.requests(ApiKey.FIND_COORDINATOR))).containsExactly(start);

        // The heartbeat of 1 s times out at 3 s (request.timeout.ms); the ticks of 2 s and 3 s find
        // it still in flight (the periodic tick, scheduled first, runs before the timeout of the same
        // instant). The coordinator is looked up again for the tick of 4 s; the member stays in its
        // generation: only the broker ends a session.
        vloop.advance(Duration.ofSeconds(6));
        assertThat(times(broker.requests(ApiKey.HEARTBEAT)))
                .containsExactly(start + 1000 * MS, start + 4000 * MS, start + 5000 * MS, start + 6000 * MS);
        assertThat(times(broker.requests(ApiKey.FIND_COORDINATOR))).containsExactly(start, start + 4000 * MS);
        assertThat(broker.requests(ApiKey.JOIN_GROUP)).hasSize(1);
        assertThat(listener.events).containsExactly("assigned [t-0] at 0");
    }
}
