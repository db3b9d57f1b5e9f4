package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.LogCapture;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionFailuresTest {
    private static final String ADDRESS = "127.0.0.1:9";
    private static final String REFUSED = "Cannot connect to bootstrap server 127.0.0.1:9: Connection refused";

    private LogCapture lines;
    private final ConnectionFailures failures = new ConnectionFailures("orders-app");
    private long now = 5_000_000_000L;

    @BeforeEach
    void capture() {
        lines = LogCapture.open(ConnectionFailures.class, Level.DEBUG);
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @Test
    void whenAnAddressFirstFailsThenItIsLoggedAtWarnWithTheCause() {
        failures.failed(ADDRESS, REFUSED, now);

        assertThat(lines.at(Level.WARN))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("Client orders-app")
                        .contains(REFUSED)
                        .contains("at most every 30 s"));
        assertThat(failures.failing()).containsOnlyKeys(ADDRESS);
        assertThat(failures.failing().get(ADDRESS)).isEqualTo(REFUSED + " (1 attempt(s) in a row)");
    }

    @Test
    void whenItKeepsFailingThenWarnsAtMostEveryThirtySeconds() {
        // A reconnect attempt every second for two minutes.
        for (int second = 0; second <= 120; second++) {
            failures.failed(ADDRESS, REFUSED, now + Duration.ofSeconds(second).toNanos());
        }

        List<String> warnings = lines.at(Level.WARN);
        assertThat(warnings).hasSize(5); // at 0, 30, 60, 90 and 120 s
        assertThat(warnings.get(1)).contains("still failing: 31 attempts in 30 s");
        assertThat(lines.at(Level.DEBUG)).hasSize(116);
        assertThat(failures.failing().get(ADDRESS)).endsWith("(121 attempt(s) in a row)");
    }

    @Test
    void whenItConnectsAgainThenTheRecoveryIsLoggedOnceAndTheNextFailureWarnsAtOnce() {
        failures.failed(ADDRESS, REFUSED, now);
        failures.failed(ADDRESS, REFUSED, now + Duration.ofSeconds(1).toNanos());

        failures.succeeded(ADDRESS, now + Duration.ofSeconds(4).toNanos());
        failures.succeeded(ADDRESS, now + Duration.ofSeconds(5).toNanos());

        assertThat(failures.failing()).isEmpty();
        assertThat(lines.at(Level.INFO))
                .containsExactly("Client orders-app: connected to 127.0.0.1:9 after 2 failed attempt(s) in 4 s");

        failures.failed(ADDRESS, REFUSED, now + Duration.ofSeconds(6).toNanos());
        assertThat(lines.at(Level.WARN)).hasSize(2);
    }

    @Test
    void eachAddressIsTrackedOnItsOwn() {
        failures.failed(ADDRESS, REFUSED, now);
        failures.failed("127.0.0.1:10", "Cannot connect to broker 1 (127.0.0.1:10): Connection refused", now);
        failures.succeeded(ADDRESS, now);

        assertThat(failures.failing()).containsOnlyKeys("127.0.0.1:10");
        assertThat(lines.at(Level.WARN)).hasSize(2);
    }

    @Test
    void aSuccessWithoutFailuresIsNotLogged() {
        failures.succeeded(ADDRESS, now);

        assertThat(lines.all()).isEmpty();
    }
}
