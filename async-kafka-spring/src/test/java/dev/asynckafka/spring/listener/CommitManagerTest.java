package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CommitManagerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Records what is sent; the test completes each send. */
    static final class FakeCommits {
        final List<Map<TopicPartition, OffsetAndMetadata>> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> results = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            sent.add(offsets);
            CompletableFuture<Void> f = new CompletableFuture<>();
            results.add(f);
            return f;
        }

        long offset(int i) {
            return sent.get(i).get(TP).offset();
        }
    }

    private static PartitionLane lane(int records) {
        PartitionLane lane = new PartitionLane(TP, 100, null);
        for (long o = 0; o < records; o++) {
            lane.offsets.taken(o);
        }
        return lane;
    }

    @Test
    void aRevocationCommitWaitsForThePeriodicOneInFlightAndNeverGoesBackwards() {
        Object lock = new Object();
        PartitionLane lane = lane(10);
        CommitManager commits = new CommitManager("l", lock, () -> List.of(lane), Runnable::run);
        FakeCommits consumer = new FakeCommits();
        for (long o = 0; o < 5; o++) {
            lane.offsets.done(o);
        }
        CompletableFuture<Void> periodic = commits.commit(consumer::commit, null);
        assertThat(consumer.sent).hasSize(1);
        assertThat(consumer.offset(0)).isEqualTo(5);

        for (long o = 5; o < 10; o++) {
            lane.offsets.done(o);
        }
        CompletableFuture<Void> revocation = commits.commit(consumer::commit, Set.of(TP));
        // Not sent while the periodic commit is in flight: it could land after it.
        assertThat(consumer.sent).hasSize(1);
        assertThat(revocation).isNotDone();

        consumer.results.get(0).complete(null);
        assertThat(periodic).isCompleted();
        assertThat(consumer.sent).hasSize(2);
        assertThat(consumer.offset(1)).isEqualTo(10);
        consumer.results.get(1).complete(null);
        assertThat(revocation).isCompleted();

        // Nothing moved: a later commit sends nothing (never an offset at or below the committed one).
        commits.commit(consumer::commit, null);
        assertThat(consumer.sent).hasSize(2);
    }

    @Test
    void aFailedCommitDoesNotStopTheNextOnes() {
        Object lock = new Object();
        PartitionLane lane = lane(3);
        CommitManager commits = new CommitManager("l", lock, () -> List.of(lane), Runnable::run);
        FakeCommits consumer = new FakeCommits();
        lane.offsets.done(0);
        CompletableFuture<Void> first = commits.commit(consumer::commit, null);
        consumer.results.get(0).completeExceptionally(new IllegalStateException("rebalancing"));
        assertThat(first).isCompleted();
        lane.offsets.done(1);
        commits.commit(consumer::commit, null);
        // The failed offset was never marked committed: the next commit covers it and more.
        assertThat(consumer.sent).hasSize(2);
        assertThat(consumer.offset(1)).isEqualTo(2);
    }

    @Test
    void periodicRequestsWhileOneWaitsAreAbsorbed() {
        Object lock = new Object();
        PartitionLane lane = lane(3);
        CommitManager commits = new CommitManager("l", lock, () -> List.of(lane), Runnable::run);
        FakeCommits consumer = new FakeCommits();
        lane.offsets.done(0);
        commits.commit(consumer::commit, Set.of(TP));
        lane.offsets.done(1);
        commits.commit(consumer::commit, null);
        commits.commit(consumer::commit, null);
        consumer.results.get(0).complete(null);
        assertThat(consumer.sent).hasSize(2);
        consumer.results.get(1).complete(null);
        assertThat(consumer.sent).hasSize(2);
        assertThat(consumer.offset(1)).isEqualTo(2);
    }
}
