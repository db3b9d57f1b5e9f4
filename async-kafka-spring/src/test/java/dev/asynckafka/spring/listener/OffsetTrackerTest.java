package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void inOrderCompletionCommitsOnePastTheLastDone() {
        OffsetTracker t = new OffsetTracker();
        assertThat(t.committable()).isEqualTo(-1);
        t.taken(10);
        t.taken(11);
        assertThat(t.committable()).isEqualTo(10);
        t.done(10);
        assertThat(t.committable()).isEqualTo(11);
        t.done(11);
        assertThat(t.committable()).isEqualTo(12);
    }

    @Test
    void outOfOrderCompletionNeverPassesAnUndoneRecord() {
        OffsetTracker t = new OffsetTracker();
        for (long o = 0; o < 5; o++) {
            t.taken(o);
        }
        t.done(2);
        t.done(1);
        assertThat(t.committable()).isEqualTo(0);
        t.done(0);
        assertThat(t.committable()).isEqualTo(3);
        t.done(4);
        assertThat(t.committable()).isEqualTo(3);
        t.done(3);
        assertThat(t.committable()).isEqualTo(5);
    }

    @Test
    void gapsInOffsetsCommitTheNextTakenOffset() {
        OffsetTracker t = new OffsetTracker();
        t.taken(3);
        t.taken(7);
        t.done(3);
        assertThat(t.committable()).isEqualTo(7);
    }

    @Test
    void dirtyUntilCommitted() {
        OffsetTracker t = new OffsetTracker();
        t.taken(0);
        t.done(0);
        assertThat(t.dirty()).isTrue();
        t.committed(1);
        assertThat(t.dirty()).isFalse();
        t.taken(1);
        assertThat(t.dirty()).isFalse();
        t.done(1);
        assertThat(t.dirty()).isTrue();
    }

    @Test
    void unknownOffsetsAreIgnored() {
        OffsetTracker t = new OffsetTracker();
        t.taken(5);
        t.done(99);
        assertThat(t.committable()).isEqualTo(5);
    }
}
