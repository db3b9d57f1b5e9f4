package dev.asynckafka.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckTrackerTest {
    @Test
    void nothingAcknowledgedNothingToCommit() {
        AckTracker t = new AckTracker();
        t.taken(5);
        t.taken(6);
        assertThat(t.committable()).isEqualTo(-1);
        assertThat(t.dirty()).isFalse();
    }

    @Test
    void outOfOrderAcknowledgementsCommitOnlyTheContiguousPrefix() {
        AckTracker t = new AckTracker();
        for (long o = 0; o < 10; o++) {
            t.taken(o);
        }
        t.acknowledged(2);
        t.acknowledged(1);
        assertThat(t.committable()).isEqualTo(-1);
        t.acknowledged(0);
        assertThat(t.committable()).isEqualTo(3);
        t.acknowledged(5);
        t.acknowledged(4);
        assertThat(t.committable()).isEqualTo(3);
        t.acknowledged(3);
        assertThat(t.committable()).isEqualTo(6);
        assertThat(t.unacknowledged()).isEqualTo(4);
        for (long o = 6; o < 10; o++) {
            t.acknowledged(o);
        }
        assertThat(t.committable()).isEqualTo(10);
        assertThat(t.unacknowledged()).isZero();
    }

    @Test
    void gapsInOffsetsResumeAtTheNextRecordHandedOut() {
        AckTracker t = new AckTracker();
        t.taken(10);
        t.taken(14); // compacted or a transaction marker in between
        t.acknowledged(10);
        assertThat(t.committable()).isEqualTo(14);
        t.acknowledged(14);
        assertThat(t.committable()).isEqualTo(15);
    }

    @Test
    void repeatedAndForeignAcknowledgementsChangeNothing() {
        AckTracker t = new AckTracker();
        t.taken(0);
        t.taken(1);
        assertThat(t.acknowledged(0)).isTrue();
        assertThat(t.acknowledged(0)).isFalse();
        assertThat(t.acknowledged(7)).isFalse();
        assertThat(t.committable()).isEqualTo(1);
    }

    @Test
    void committedOffsetsAreNotDirtyAndRetiredTrackersIgnoreAcknowledgements() {
        AckTracker t = new AckTracker();
        t.taken(0);
        t.taken(1);
        t.acknowledged(0);
        assertThat(t.dirty()).isTrue();
        t.committed(1);
        assertThat(t.dirty()).isFalse();
        t.retire();
        assertThat(t.acknowledged(1)).isFalse();
        assertThat(t.dirty()).isFalse();
    }
}
