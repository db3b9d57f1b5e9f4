package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.network.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link TopicWatcher} knows about subscribed topics that do not exist (yet), and when it
 * looks again. A subscription to a missing topic is usually a start-up race (the application came
 * up before a topic-creating job, or before the broker auto-created it), so while any subscribed
 * topic is missing the next check comes after a backoff that grows from {@code retry.backoff.ms} to
 * {@link #MAX_RECHECK} (never more than {@code metadata.max.age.ms}), instead of the full metadata
 * age: the group joins within seconds of the topic's creation. Missing topics are logged once at
 * WARN, and once at INFO when they appear.
 *
 * <p>Pure bookkeeping, no I/O and no clock of its own (times are passed in), so it is tested
 * without a broker. Written by the event loop; {@link #missing()} is safe to read from any thread.
 */
final class MissingTopics {
    /** The longest wait between two checks while a subscribed topic is missing. */
    static final Duration MAX_RECHECK = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(MissingTopics.class);

    private final String owner;
    private final Backoff backoff;
    private final long periodicNanos;
    private final Duration cap;
    private volatile Set<String> missing = Set.of();
    private final Map<String, Long> missingSince = new TreeMap<>();
    private int checksWhileMissing;

    /**
     * @param owner who subscribed, for log lines (for example {@code "Group orders"})
     * @param retryBackoff the first wait after a check found a topic missing
     * @param metadataMaxAge the wait between checks when every topic exists
     */
    MissingTopics(String owner, Duration retryBackoff, Duration metadataMaxAge) {
        this.owner = owner;
        Duration cap = MAX_RECHECK.compareTo(metadataMaxAge) < 0 ? MAX_RECHECK : metadataMaxAge;
        this.cap = cap.compareTo(retryBackoff) < 0 ? retryBackoff : cap;
        this.backoff = new Backoff(retryBackoff, this.cap);
        this.periodicNanos = metadataMaxAge.toNanos();
    }

    /**
     * Records the outcome of a successful check and returns the wait until the next one.
     *
     * @param subscribed the fixed topics subscribed to (empty for a pattern subscription, whose
     *     topics cannot be missing)
     * @param errors the error the metadata gave for each subscribed topic; a topic absent from the
     *     map exists
     * @param nowNanos the current time of the client's clock ({@link dev.asynckafka.internal.ClientContext#nanoTime()})
     * @return nanoseconds until the next check
     */
    long onCheck(Set<String> subscribed, Map<String, ErrorCode> errors, long nowNanos) {
        Set<String> nowMissing = new TreeSet<>();
        for (String topic : subscribed) {
            ErrorCode error = errors.get(topic);
            // LEADER_NOT_AVAILABLE: created a moment ago, partitions still without leaders.
            if (error != null && error != ErrorCode.LEADER_NOT_AVAILABLE) {
                nowMissing.add(topic);
            }
        }
        // Topics no longer subscribed (a new subscription) are forgotten without a word.
        missingSince.keySet().retainAll(subscribed);
        Set<String> appeared = new TreeSet<>(missingSince.keySet());
        appeared.removeAll(nowMissing);
        for (String topic : appeared) {
            long waited = nowNanos - missingSince.remove(topic);
            log.info(
                    "{}: subscribed topic '{}' exists now (was missing for {} ms); joining its partitions",
                    owner,
                    topic,
                    waited / 1_000_000);
        }
        Map<String, ErrorCode> newlyMissing = new TreeMap<>();
        for (String topic : nowMissing) {
            if (!missingSince.containsKey(topic)) {
                missingSince.put(topic, nowNanos);
                newlyMissing.put(topic, errors.get(topic));
            }
        }
        if (!newlyMissing.isEmpty()) {
            log.warn(
                    "{}: subscribed topic(s) {} do not exist or cannot be described ({}); no partitions of them"
                            + " are consumed until they appear. Checking again with a backoff of up to {} ms",
                    owner,
                    newlyMissing.keySet(),
                    newlyMissing,
                    cap.toMillis());
        }
        missing = Set.copyOf(nowMissing);
        boolean notReady = subscribed.stream().anyMatch(errors::containsKey);
        if (!notReady) {
            checksWhileMissing = 0;
            return periodicNanos;
        }
        checksWhileMissing++;
        return backoff.delayNanos(checksWhileMissing);
    }

    /** Forgets everything (the subscription ended). */
    void clear() {
        missing = Set.of();
        missingSince.clear();
        checksWhileMissing = 0;
    }

    /** The subscribed topics missing at the last check. Any thread. */
    Set<String> missing() {
        return missing;
    }
}
