package dev.asynckafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.record.TimestampType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ConsumerRecordsTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void iterationVisitsPartitionsInServedOrderAndSkipsEmptyOnes() {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new LinkedHashMap<>();
        byPartition.put(P2, List.of(record(P2, 7), record(P2, 8)));
        byPartition.put(P0, List.of());
        byPartition.put(P1, List.of(record(P1, 3)));
        ConsumerRecords<String, String> records = new ConsumerRecords<>(byPartition);

        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            seen.add(r.partition() + "@" + r.offset());
        }
        assertThat(seen).containsExactly("2@7", "2@8", "1@3");
        assertThat(records.count()).isEqualTo(3);
        assertThat(records.partitions()).containsExactly(P2, P1);
    }

    @Test
    void theIteratorEndsCleanlyAndIsReadOnly() {
        ConsumerRecords<String, String> records = new ConsumerRecords<>(Map.of(P0, List.of(record(P0, 1))));
        Iterator<ConsumerRecord<String, String>> it = records.iterator();
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next().offset()).isEqualTo(1);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(ConsumerRecords.<String, String>empty().iterator().hasNext()).isFalse();
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(
                tp.topic(), tp.partition(), offset, 0L, TimestampType.CREATE_TIME, -1, 1, List.of(), null, "v", -1);
    }
}
