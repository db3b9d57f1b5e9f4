package dev.asynckafka.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.listener.AsyncKafkaListener;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application whose bootstrap server is a closed port says so: a WARN naming the address and
 * the cause within seconds of start, not repeated at every reconnect attempt, and the health
 * details name the address.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class UnreachableBootstrapIT {
    /** The bound is 5 s from start; generous here on a loaded machine. */
    private static final Duration FIRST_WARN_WITHIN = Duration.ofSeconds(15);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    static class Listener {
        @AsyncKafkaListener(id = "orders", topics = "orders", groupId = "unreachable")
        void onOrder(String order) {}
    }

    @Test
    void aClosedBootstrapPortIsLoggedAtWarnWithItsAddressAndShownInHealth(CapturedOutput output) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        long start = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run("--async-kafka.bootstrap-servers=" + address, "--spring.application.name=unreachable-app")) {
            long deadline = start + FIRST_WARN_WITHIN.toNanos();
            while (warnings(output, address).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long firstWarnMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("UnreachableBootstrapIT: first WARN naming %s %d ms after start%n", address, firstWarnMs);
            assertThat(warnings(output, address))
                    .as("a WARN naming %s within %s of start", address, FIRST_WARN_WITHIN)
                    .isNotEmpty();
            assertThat(warnings(output, address).get(0)).contains("Connection refused");

            AsyncKafkaHealthIndicator health = app.getBean(AsyncKafkaHealthIndicator.class);
            health.setTimeout(Duration.ofSeconds(2));
            Health down = health.health(true);
            assertThat(down.getStatus()).as("%s", down).isEqualTo(Status.DOWN);
            assertThat(connectionFailures(down)).containsKey(address);
            assertThat(connectionFailures(down).get(address)).contains("Connection refused");
            assertThat((String) down.getDetails().get("error")).contains("cannot connect to " + address);

            // Reconnect attempts go on every second or so; the WARN lines must not follow them.
            int before = warnings(output, address).size();
            Thread.sleep(8_000);
            int after = warnings(output, address).size();
            assertThat(after - before)
                    .as("WARN lines about %s in 8 s of retrying:%n%s", address, warnings(output, address))
                    .isLessThanOrEqualTo(1);
        }
    }

    private static List<String> warnings(CapturedOutput output, String address) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains(" WARN ") && l.contains(address))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> connectionFailures(Health health) {
        Object d = health.getDetails().get("connectionFailures");
        assertThat(d).as("connectionFailures detail of %s", health).isNotNull();
        return (Map<String, String>) d;
    }
}
