package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PauseControlTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    /** Like the consumer: rejects partitions not assigned; optionally blocks in pause(). */
    static class FakeConsumer implements PauseControl.Target {
        final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch pauseEntered = new CountDownLatch(0);
        volatile CountDownLatch pauseMayGo = new CountDownLatch(0);

        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(assigned);
        }

        @Override
        public void pause(TopicPartition partition) {
            pauseEntered.countDown();
            try {
                pauseMayGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            require(partition);
            paused.add(partition);
        }

        @Override
        public void resume(TopicPartition partition) {
            require(partition);
            paused.remove(partition);
        }

        private void require(TopicPartition partition) {
            if (!assigned.contains(partition)) {
                throw new IllegalStateException("Partition " + partition + " is not assigned");
            }
        }
    }

    @Test
    void resumeAfterARebalanceTookAPartitionAwayResumesTheOthers() {
        FakeConsumer c = new FakeConsumer();
        c.assigned.addAll(Set.of(P0, P1, P2));
        PauseControl control = new PauseControl("l");
        assertThat(control.pause(c)).isTrue();
        assertThat(c.paused).containsExactlyInAnyOrder(P0, P1, P2);
        // A cooperative rebalance takes P1 away; its fetch state (and pause) goes with it.
        c.assigned.remove(P1);
        c.paused.remove(P1);
        assertThat(control.resume(c)).isTrue();
        assertThat(c.paused).isEmpty();
        assertThat(control.isPaused()).isFalse();
    }

    @Test
    void pauseSkipsAPartitionRevokedMeanwhileAndPausesTheOthers() {
        FakeConsumer c = new FakeConsumer() {
            @Override
            public Set<TopicPartition> assignment() {
                // The snapshot still has P1, but it is gone by the time it is paused.
                Set<TopicPartition> snapshot = new LinkedHashSet<>(assigned);
                snapshot.add(P1);
                return snapshot;
            }
        };
        c.assigned.addAll(Set.of(P0, P2));
        PauseControl control = new PauseControl("l");
        control.pause(c);
        assertThat(c.paused).containsExactlyInAnyOrder(P0, P2);
    }

    @Test
    void anAssignmentCallbackRacingResumeLeavesNoPartitionPaused() throws Exception {
        FakeConsumer c = new FakeConsumer();
        c.assigned.add(P0);
        PauseControl control = new PauseControl("l");
        control.pause(c);
        // P1 is assigned; the callback sees the container paused and is inside the consumer's pause
        // when resume() comes.
        c.assigned.add(P1);
        c.pauseEntered = new CountDownLatch(1);
        c.pauseMayGo = new CountDownLatch(1);
        Thread callback = new Thread(() -> control.assigned(c, Set.of(P1)));
        callback.start();
        assertThat(c.pauseEntered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread resume = new Thread(() -> control.resume(c));
        resume.start();
        // resume() must wait for the callback (it would otherwise resume P1 before the callback pauses it).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (resume.getState() != Thread.State.BLOCKED && resume.isAlive()) {
            assertThat(System.nanoTime())
                    .as("resume() blocked on the pause lock")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(resume.isAlive())
                .as("resume() returned while the assignment callback was pausing")
                .isTrue();
        c.pauseMayGo.countDown();
        callback.join();
        resume.join();
        assertThat(control.isPaused()).isFalse();
        assertThat(c.paused).as("paused partitions of a running container").isEmpty();
    }

    @Test
    void partitionsAssignedWhilePausedArePaused() {
        FakeConsumer c = new FakeConsumer();
        PauseControl control = new PauseControl("l");
        control.pause(c);
        c.assigned.add(P2);
        control.assigned(c, Set.of(P2));
        assertThat(c.paused).containsExactly(P2);
        control.resume(c);
        c.assigned.add(P0);
        control.assigned(c, Set.of(P0));
        assertThat(c.paused).isEmpty();
    }
}
