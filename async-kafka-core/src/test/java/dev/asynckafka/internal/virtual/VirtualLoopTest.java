package dev.asynckafka.internal.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The virtual-time loop the timing tests rely on: timers fire at their own deadlines, in order. */
class VirtualLoopTest {
    private final VirtualLoop vloop = new VirtualLoop();
    private final List<String> ran = new ArrayList<>();

    @AfterEach
    void close() {
        vloop.close();
    }

    private void at(String name, long delayMs) {
        vloop.loop().schedule(() -> ran.add(name + "@" + vloop.millis()), delayMs, TimeUnit.MILLISECONDS);
    }

    @Test
    void advanceFiresDueTimersInDeadlineOrderEachAtItsOwnInstant() {
        at("c", 30);
        at("a", 10);
        at("b", 20);
        vloop.advance(Duration.ofMillis(25));
        assertThat(ran).containsExactly("a@10", "b@20");
        assertThat(vloop.millis()).isEqualTo(25);
        vloop.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly("a@10", "b@20", "c@30");
    }

    @Test
    void timersScheduledByTimersFireWithinTheSameAdvanceAndQueuedTasksRunWithoutTime() {
        vloop.loop().schedule(() -> at("chained", 5), 10, TimeUnit.MILLISECONDS);
        vloop.loop().execute(() -> ran.add("task@" + vloop.millis()));
        vloop.runPending();
        assertThat(ran).containsExactly("task@0");
        vloop.advance(Duration.ofMillis(15));
        assertThat(ran).containsExactly("task@0", "chained@15");
    }

    @Test
    void periodicTimersFireOncePerPeriod() {
        vloop.loop().scheduleWithFixedDelay(() -> ran.add("tick@" + vloop.millis()), 100, 100, TimeUnit.MILLISECONDS);
        vloop.advance(Duration.ofMillis(350));
        assertThat(ran).containsExactly("tick@100", "tick@200", "tick@300");
    }
}
