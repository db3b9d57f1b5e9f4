package dev.asynckafka.internal.network;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports failed connection attempts of one client so that an unreachable broker is never silent
 * and never floods the log: the first failure to reach an address (after it was reachable, or
 * ever) is logged at WARN with the address and the cause, further failures of that address at most
 * every {@link #REPEAT} at WARN (with the count of attempts meanwhile) and otherwise at DEBUG; the
 * first success after failures is logged at INFO. {@link #failing()} tells which addresses fail
 * right now, for health checks.
 *
 * <p>Written by the client's event loop; {@link #failing()} is safe from any thread. Times are
 * passed in, so the rate limit is tested without waiting.
 */
public final class ConnectionFailures {
    /** The least time between two WARN lines about the same failing address. */
    public static final Duration REPEAT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ConnectionFailures.class);

    private final String clientId;
    private final Map<String, Failing> failing = new TreeMap<>();
    private volatile Map<String, String> snapshot = Map.of();

    /** @param clientId names the client in log lines */
    public ConnectionFailures(String clientId) {
        this.clientId = clientId.isEmpty() ? "(no client.id)" : clientId;
    }

    /**
     * A connection attempt to {@code address} failed.
     *
     * @param message what failed, naming the address (the connection's close cause)
     * @param nowNanos the current time of the client loop's ticker
     */
    public void failed(String address, String message, long nowNanos) {
        Failing f = failing.get(address);
        if (f == null) {
            f = new Failing(nowNanos);
            failing.put(address, f);
            f.attempts = 1;
            f.warnedAtNanos = nowNanos;
            log.warn(
                    "Client {}: {}. Retrying with backoff; while it keeps failing this is logged at most every {} s",
                    clientId,
                    message,
                    REPEAT.toSeconds());
        } else {
            f.attempts++;
            if (nowNanos - f.warnedAtNanos >= REPEAT.toNanos()) {
                f.warnedAtNanos = nowNanos;
                log.warn(
                        "Client {}: {} (still failing: {} attempts in {} s)",
                        clientId,
                        message,
                        f.attempts,
                        Duration.ofNanos(nowNanos - f.sinceNanos).toSeconds());
            } else {
                log.debug("Client {}: {} ({} attempts)", clientId, message, f.attempts);
            }
        }
        f.message = message;
        publish();
    }

    /** A connection to {@code address} was established (and handshaken). */
    public void succeeded(String address, long nowNanos) {
        Failing f = failing.remove(address);
        if (f != null) {
            log.info(
                    "Client {}: connected to {} after {} failed attempt(s) in {} s",
                    clientId,
                    address,
                    f.attempts,
                    Duration.ofNanos(nowNanos - f.sinceNanos).toSeconds());
            publish();
        }
    }

    /**
     * The addresses whose last connection attempt failed, each with the failure and the number of
     * attempts in a row; empty when every address tried last could be reached. Any thread.
     */
    public Map<String, String> failing() {
        return snapshot;
    }

    private void publish() {
        Map<String, String> out = new TreeMap<>();
        failing.forEach((address, f) -> out.put(address, f.message + " (" + f.attempts + " attempt(s) in a row)"));
        snapshot = Collections.unmodifiableMap(out);
    }

    private static final class Failing {
        final long sinceNanos;
        long warnedAtNanos;
        int attempts;
        String message = "";

        Failing(long sinceNanos) {
            this.sinceNanos = sinceNanos;
        }
    }
}
