package dev.asynckafka.consumer;

import dev.asynckafka.errors.InvalidConfigurationException;
import java.util.Locale;

/** {@code isolation.level}: which records of transactions the consumer returns. */
public enum IsolationLevel {
    /** Every data record, including those of open and aborted transactions. */
    READ_UNCOMMITTED((byte) 0),
    /** Only records of committed transactions (and non-transactional ones), up to the last stable offset. */
    READ_COMMITTED((byte) 1);

    private final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /** The id sent in Fetch and ListOffsets requests. */
    public byte id() {
        return id;
    }

    /** The configuration value, as kafka-clients spells it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a kafka-clients value ({@code read_uncommitted}, {@code read_committed}). */
    public static IsolationLevel forName(String name) {
        for (IsolationLevel l : values()) {
            if (l.configName().equalsIgnoreCase(name.trim())) {
                return l;
            }
        }
        throw new InvalidConfigurationException(
                "Invalid value for isolation.level: '" + name + "' (expected read_uncommitted or read_committed)");
    }
}
