package dev.asynckafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog that keeps a forked broker from outliving its test JVM: the child halts once its
 * standard input closes, as it does when the parent dies. The broker here is a stand-in {@code
 * kafka.Kafka} that sleeps forever.
 */
@Timeout(60)
class BrokerMainTest {
    @Test
    void childHaltsWhenItsStandardInputCloses() throws Exception {
        Process child = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerMain.class.getName(),
                        "server.properties")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("running with server.properties");
            assertThat(child.isAlive()).isTrue();

            child.getOutputStream().close();

            // A hang guard, not a timing assertion: it exits at once, or the test fails.
            assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(3);
        } finally {
            child.destroyForcibly();
        }
    }
}
