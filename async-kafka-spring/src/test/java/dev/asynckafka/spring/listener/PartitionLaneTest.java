package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.record.TimestampType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PartitionLaneTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static List<ConsumerRecord<byte[], byte[]>> records(long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (long o = from; o < from + count; o++) {
            out.add(new ConsumerRecord<>("t", 0, o, 0L, TimestampType.CREATE_TIME, 0, 0, List.of(), null, null, -1));
        }
        return out;
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        PartitionLane lane = new PartitionLane(TP, 3, null);
        assertThat(lane.add(records(0, 2))).isEqualTo(-1);
        // One more fits; offset 3 is the first not taken (to be sought back).
        assertThat(lane.add(records(2, 5))).isEqualTo(3);
        assertThat(lane.pending()).isEqualTo(3);
        assertThat(lane.room()).isZero();
        // Full: nothing is taken.
        assertThat(lane.add(records(3, 1))).isEqualTo(3);
        assertThat(lane.pending()).isEqualTo(3);
        // The committable offset never moved past what was taken.
        lane.next(1);
        assertThat(lane.offsets.committable()).isEqualTo(0);
    }

    @Test
    void putBackRestoresTheOrder() {
        PartitionLane lane = new PartitionLane(TP, 10, null);
        lane.add(records(0, 3));
        List<ConsumerRecord<byte[], byte[]>> first = lane.next(2);
        lane.putBack(first);
        lane.finished();
        assertThat(lane.next(3)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
    }

    @Test
    void heldBackUntilThePreviousWorkIsOver() {
        CompletableFuture<Void> previous = new CompletableFuture<>();
        PartitionLane lane = new PartitionLane(TP, 10, previous);
        assertThat(lane.heldBack()).isTrue();
        previous.complete(null);
        assertThat(lane.heldBack()).isFalse();
    }
}
