package dev.asynckafka.consumer.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.LogCapture;
import dev.asynckafka.errors.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissingTopicsTest {
    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Map<String, ErrorCode> UNKNOWN = Map.of("orders", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

    private LogCapture lines;
    private long now = 1_000_000_000L;

    @BeforeEach
    void capture() {
        lines = LogCapture.open(MissingTopics.class, Level.INFO);
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @Test
    void whenAllTopicsExistThenTheNextCheckIsAfterTheMetadataAge() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);

        long next = m.onCheck(Set.of("orders"), Map.of(), now);

        assertThat(next).isEqualTo(MAX_AGE.toNanos());
        assertThat(m.missing()).isEmpty();
        assertThat(lines.all()).isEmpty();
    }

    @Test
    void whenATopicIsMissingThenChecksBackOffFromRetryBackoffToTheCap() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(m.onCheck(Set.of("orders"), UNKNOWN, now));
            now += delays.get(i);
        }

        // retry.backoff with ±20% jitter, then growing, never past the cap.
        assertThat(delays.get(0)).isBetween(msNanos(80), msNanos(120));
        assertThat(delays.get(1)).isBetween(msNanos(160), msNanos(240));
        assertThat(delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(MissingTopics.MAX_RECHECK.toNanos()));
        assertThat(delays.subList(6, 12))
                .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(MissingTopics.MAX_RECHECK.toNanos() * 8 / 10));
        assertThat(m.missing()).containsExactly("orders");
    }

    @Test
    void whenATopicStaysMissingThenItIsWarnedAboutOnceAndAnnouncedOnceWhenItAppears() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);
        for (int i = 0; i < 5; i++) {
            now += m.onCheck(Set.of("orders", "payments"), UNKNOWN, now);
        }
        long missingFor = now - 1_000_000_000L;

        long next = m.onCheck(Set.of("orders", "payments"), Map.of(), now);
        m.onCheck(Set.of("orders", "payments"), Map.of(), now + next);

        assertThat(next).isEqualTo(MAX_AGE.toNanos());
        assertThat(m.missing()).isEmpty();
        assertThat(lines.at(Level.WARN)).hasSize(1);
        assertThat(lines.at(Level.WARN).get(0))
                .contains("Group g")
                .contains("[orders]")
                .contains("UNKNOWN_TOPIC_OR_PARTITION")
                .contains("3000 ms");
        assertThat(lines.at(Level.INFO)).hasSize(1);
        assertThat(lines.at(Level.INFO).get(0))
                .contains("'orders' exists now")
                .contains("missing for " + missingFor / 1_000_000 + " ms");
    }

    @Test
    void whenATopicHasNoLeaderYetThenItIsRecheckedSoonButNotReportedMissing() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);

        long next = m.onCheck(Set.of("orders"), Map.of("orders", ErrorCode.LEADER_NOT_AVAILABLE), now);

        assertThat(next).isLessThanOrEqualTo(msNanos(120));
        assertThat(m.missing()).isEmpty();
        assertThat(lines.all()).isEmpty();
    }

    @Test
    void whenTheMetadataAgeIsShorterThanTheCapThenItIsTheCap() {
        MissingTopics m = new MissingTopics("Group g", RETRY, Duration.ofMillis(500));
        long max = 0;
        for (int i = 0; i < 10; i++) {
            max = Math.max(max, m.onCheck(Set.of("orders"), UNKNOWN, now));
        }
        assertThat(max).isLessThanOrEqualTo(msNanos(500));
    }

    @Test
    void whenAMissingTopicIsNoLongerSubscribedThenItIsForgottenWithoutAnnouncingIt() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);
        m.onCheck(Set.of("orders"), UNKNOWN, now);

        long next = m.onCheck(Set.of("payments"), Map.of(), now + 1);

        assertThat(next).isEqualTo(MAX_AGE.toNanos());
        assertThat(m.missing()).isEmpty();
        assertThat(lines.at(Level.INFO)).isEmpty();

        m.onCheck(Set.of("orders"), UNKNOWN, now + 2);
        assertThat(lines.at(Level.WARN))
                .as("missing again after a new subscription: warned again")
                .hasSize(2);
    }

    @Test
    void whenClearedThenNothingIsMissingAndTheBackoffStartsOver() {
        MissingTopics m = new MissingTopics("Group g", RETRY, MAX_AGE);
        for (int i = 0; i < 6; i++) {
            m.onCheck(Set.of("orders"), UNKNOWN, now);
        }

        m.clear();

        assertThat(m.missing()).isEmpty();
        assertThat(m.onCheck(Set.of("orders"), UNKNOWN, now)).isLessThanOrEqualTo(msNanos(120));
        assertThat(lines.at(Level.WARN)).hasSize(2);
    }

    private static long msNanos(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }
}
