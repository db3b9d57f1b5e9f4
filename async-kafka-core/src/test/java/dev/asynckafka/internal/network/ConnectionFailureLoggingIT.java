package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
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
        try (Lines lines = new Lines();
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
                    .as("one WARN for the whole outage: %s", lines.all)
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

    /** What {@link ConnectionFailures} logs, at every level, while open. */
    private static final class Lines extends AbstractAppender implements AutoCloseable {
        final List<String> all = new ArrayList<>();
        private final List<Level> levels = new ArrayList<>();

        Lines() {
            super("connection-failures-it-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
            start();
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            LoggerConfig c = new LoggerConfig(ConnectionFailures.class.getName(), Level.DEBUG, false);
            c.addAppender(this, Level.DEBUG, null);
            ctx.getConfiguration().addLogger(ConnectionFailures.class.getName(), c);
            ctx.updateLoggers();
        }

        @Override
        public void close() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            ctx.getConfiguration().removeLogger(ConnectionFailures.class.getName());
            ctx.updateLoggers();
            stop();
        }

        @Override
        public synchronized void append(LogEvent event) {
            all.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            levels.add(event.getLevel());
        }

        synchronized List<String> at(Level level) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (levels.get(i) == level) {
                    out.add(all.get(i));
                }
            }
            return out;
        }
    }
}
