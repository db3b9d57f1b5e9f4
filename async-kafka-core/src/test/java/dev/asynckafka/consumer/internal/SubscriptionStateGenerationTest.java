package dev.asynckafka.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AutoOffsetReset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A partition removed and given back (an eager rebalance returns a member its partitions) gets a
 * state whose generations never repeat the old state's: the fetcher drops a response or decode
 * whose generation differs from the current state's, so a repeated one would let a fetch sent
 * before the removal feed the new state.
 */
class SubscriptionStateGenerationTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aPartitionGivenBackStartsPastEveryGenerationOfItsOldState() {
        SubscriptionState<String, String> subs = new SubscriptionState<>(AutoOffsetReset.EARLIEST, 1 << 20, 1 << 24);
        subs.addAwaiting(List.of(TP));
        PartitionState<String, String> old = subs.state(TP);
        old.seek(42, -1, false); // the committed offset: what a fetch in flight was sent under
        int inFlight = old.generation;

        subs.remove(List.of(TP));
        subs.addAwaiting(List.of(TP));
        PartitionState<String, String> again = subs.state(TP);
        assertThat(again).isNotSameAs(old);
        assertThat(again.generation).isGreaterThan(old.generation);
        again.seek(42, -1, false); // the same committed offset, as after an eager rebalance
        assertThat(again.generation).isNotEqualTo(inFlight).isGreaterThan(old.generation);

        subs.assign(List.of());
        subs.add(List.of(TP));
        assertThat(subs.state(TP).generation).isGreaterThan(again.generation);
    }
}
