package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.LogCapture;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker that goes away while the client runs: the closed connection is logged at INFO, the
 * failing reconnects at WARN once (not at every attempt), the recovery at INFO, and {@link
 * AsyncKafkaAdmin#connectionFailures()} names the address meanwhile.
 */
@EmbeddedAsyncKafka
@Timeout(120)
class ConnectionFailureLoggingIT {

    @Test
    void aBrokerOutageIsLoggedOnceAtWarnAndItsEndAtInfo(EmbeddedKafkaCluster kafka) throws Exception {
        int brokerId = kafka.brokerIds().get(0);
        String address = kafka.brokerAddress(brokerId);
        ClientOptions options = ClientOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .clientId("outage")
                .reconnectBackoffMax(Duration.ofMillis(200))
                .build();
        try (LogCapture lines = LogCapture.open(ConnectionFailures.class, Level.DEBUG);
                AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(options))) {
            admin.describeCluster().get(30, TimeUnit.SECONDS);
            assertThat(admin.connectionFailures()).isEmpty();

            kafka.stopBroker(brokerId);
            // Keep the client trying for a while: many reconnect attempts, 200 ms apart at most.
            CompletableFuture<?> during = admin.describeCluster();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(admin.connectionFailures()).containsKey(address);
            List<String> warnings = lines.at(Level.WARN);
            assertThat(warnings)
                    .as("one WARN for the whole outage: %s", lines.all())
                    .hasSize(1);
            assertThat(warnings.get(0)).contains("Client outage").contains(address);
            assertThat(lines.at(Level.DEBUG)).as("later attempts").isNotEmpty();

            kafka.startBroker(brokerId);
            during.get(60, TimeUnit.SECONDS);
            admin.describeCluster().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.connectionFailures().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(admin.connectionFailures()).isEmpty();
            assertThat(lines.at(Level.INFO))
                    .anySatisfy(l -> assertThat(l).contains("Client outage: connected to " + address + " after"));
        }
    }
}
