package dev.asynckafka.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.LogCapture;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.NotLeaderOrFollowerException;
import dev.asynckafka.errors.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ExpiryLogTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String LOGGER_NAME = ExpiryLogTest.class.getName() + ".expiries";

    private final AtomicLong clock = new AtomicLong();
    private ExpiryLog expiries;
    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);
    private LogCapture capture;

    @BeforeEach
    void capture() {
        capture = LogCapture.open(LOGGER_NAME, Level.WARN);
        expiries = new ExpiryLog(LoggerFactory.getLogger(LOGGER_NAME), new LogLimiter(10 * SECOND, clock::get), 20_000);
    }

    @AfterEach
    void release() {
        capture.close();
    }

    @Test
    void oneLinePerPartitionAndBurstNamingTheLastError() {
        expiries.add(p0, 10, new TimeoutException("no response within 10000 ms"));
        expiries.add(p0, 5, null);
        expiries.add(p1, 3, new NotLeaderOrFollowerException("not the leader"));
        expiries.flush();
        assertThat(capture.all())
                .containsExactly(
                        "Expired 2 batch(es) (15 records) of t-0: not acknowledged within delivery.timeout.ms=20000; last"
                                + " error: dev.asynckafka.errors.TimeoutException: no response within 10000 ms",
                        "Expired 1 batch(es) (3 records) of t-1: not acknowledged within delivery.timeout.ms=20000; last"
                                + " error: dev.asynckafka.errors.NotLeaderOrFollowerException: not the leader");
        expiries.flush();
        assertThat(capture.all()).hasSize(2);
    }

    @Test
    void burstsWithinTheIntervalAreHeldBackAndReportedWithTheNextLine() {
        expiries.add(p0, 10, null);
        expiries.flush();
        clock.addAndGet(2 * SECOND);
        expiries.add(p0, 4, new TimeoutException("late"));
        expiries.flush();
        clock.addAndGet(2 * SECOND);
        expiries.add(p0, 6, null);
        expiries.flush();
        assertThat(capture.all()).hasSize(1).first().asString().endsWith("last error: none (never answered)");
        clock.addAndGet(10 * SECOND);
        expiries.add(p0, 1, null);
        expiries.flush();
        assertThat(capture.all()).hasSize(2);
        assertThat(capture.all().get(1))
                .startsWith("Expired 1 batch(es) (1 records) of t-0")
                .contains("last error: dev.asynckafka.errors.TimeoutException: late")
                .endsWith("(and 2 batch(es), 10 records, since the last report)");
    }
}
