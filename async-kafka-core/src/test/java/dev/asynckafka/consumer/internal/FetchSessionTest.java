package dev.asynckafka.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client side of incremental fetch sessions (KIP-227). */
class FetchSessionTest {
    private static final Uuid ID = new Uuid(1, 2);
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);
    private static final TopicPartition C = new TopicPartition("t", 2);

    private static FetchSession.Entry at(long offset) {
        return new FetchSession.Entry(ID, offset, 1024, 0);
    }

    private static List<Integer> sent(FetchRequest r) {
        return r.topics().stream()
                .flatMap(t -> t.partitions().stream())
                .map(FetchRequest.FetchPartition::partition)
                .toList();
    }

    private static List<Integer> forgotten(FetchRequest r) {
        return r.forgottenTopicsData().stream()
                .flatMap(t -> t.partitions().stream())
                .toList();
    }

    @Test
    void fullFetchThenIncrementalChangesOnlyThenFullAgainAfterReset() {
        FetchSession s = new FetchSession(0);
        Map<TopicPartition, FetchSession.Entry> wanted = new LinkedHashMap<>(Map.of(A, at(0), B, at(0)));
        FetchRequest first = new FetchRequest();
        s.build(first, wanted);
        assertThat(first.sessionId()).isZero();
        assertThat(first.sessionEpoch()).isZero();
        assertThat(sent(first)).containsExactlyInAnyOrder(0, 1);
        assertThat(first.topics().get(0).topicId()).isEqualTo(ID);
        assertThat(first.topics().get(0).topic()).isEqualTo("t");
        s.onResponse(77);
        assertThat(s.sessionId()).isEqualTo(77);
        assertThat(s.epoch()).isEqualTo(1);

        // Nothing changed: an incremental fetch listing nothing (the broker keeps A and B).
        FetchRequest same = new FetchRequest();
        s.build(same, wanted);
        assertThat(same.sessionId()).isEqualTo(77);
        assertThat(same.sessionEpoch()).isEqualTo(1);
        assertThat(sent(same)).isEmpty();
        assertThat(forgotten(same)).isEmpty();
        s.onResponse(77);
        assertThat(s.epoch()).isEqualTo(2);

        // A moved, B left (buffer full), C is new.
        Map<TopicPartition, FetchSession.Entry> next = new LinkedHashMap<>(Map.of(A, at(10), C, at(0)));
        FetchRequest changed = new FetchRequest();
        s.build(changed, next);
        assertThat(changed.sessionEpoch()).isEqualTo(2);
        assertThat(sent(changed)).containsExactlyInAnyOrder(0, 2);
        assertThat(forgotten(changed)).containsExactly(1);
        assertThat(changed.forgottenTopicsData().get(0).topicId()).isEqualTo(ID);
        s.onResponse(77);
        assertThat(s.partitions()).containsExactlyInAnyOrder(A, C);

        s.reset();
        FetchRequest full = new FetchRequest();
        s.build(full, next);
        assertThat(full.sessionId()).isZero();
        assertThat(full.sessionEpoch()).isZero();
        assertThat(sent(full)).containsExactlyInAnyOrder(0, 2);
        assertThat(forgotten(full)).isEmpty();
    }

    @Test
    void brokerWithoutSessionsGetsFullFetchesEveryTime() {
        FetchSession s = new FetchSession(0);
        Map<TopicPartition, FetchSession.Entry> wanted = Map.of(A, at(0));
        s.build(new FetchRequest(), wanted);
        s.onResponse(0);
        FetchRequest again = new FetchRequest();
        s.build(again, wanted);
        assertThat(again.sessionId()).isZero();
        assertThat(again.sessionEpoch()).isZero();
        assertThat(sent(again)).containsExactly(0);
    }

    @Test
    void sessionErrorsAreRecognised() {
        assertThat(FetchSession.isSessionError(ErrorCode.FETCH_SESSION_ID_NOT_FOUND))
                .isTrue();
        assertThat(FetchSession.isSessionError(ErrorCode.INVALID_FETCH_SESSION_EPOCH))
                .isTrue();
        assertThat(FetchSession.isSessionError(ErrorCode.NOT_LEADER_OR_FOLLOWER))
                .isFalse();
    }
}
