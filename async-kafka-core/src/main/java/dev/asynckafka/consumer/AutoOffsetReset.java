package dev.asynckafka.consumer;

import dev.asynckafka.errors.InvalidConfigurationException;
import java.util.Locale;

/** {@code auto.offset.reset}: where a partition without a valid position starts. */
public enum AutoOffsetReset {
    /** At the log start offset: read everything still retained. */
    EARLIEST,
    /** At the end of the log (the last stable offset under read_committed): read only new records. */
    LATEST,
    /** Nowhere: {@code getMany} fails with {@link dev.asynckafka.errors.NoOffsetForPartitionException}. */
    NONE;

    /** The configuration value, as kafka-clients spells it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a kafka-clients value ({@code earliest}, {@code latest}, {@code none}). */
    public static AutoOffsetReset forName(String name) {
        for (AutoOffsetReset r : values()) {
            if (r.configName().equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        throw new InvalidConfigurationException(
                "Invalid value for auto.offset.reset: '" + name + "' (expected earliest, latest or none)");
    }
}
