package dev.asynckafka.admin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configuration setting of a topic or broker as the broker describes it.
 *
 * @param name the setting's name, such as {@code retention.ms}
 * @param value its value; {@code null} when sensitive (passwords) or unset
 * @param source where the value comes from
 * @param sensitive whether the broker hides the value
 * @param readOnly whether it cannot be changed at runtime
 */
public record ConfigEntry(String name, @Nullable String value, Source source, boolean sensitive, boolean readOnly) {
    /** Where a configuration value comes from, with its protocol code. */
    public enum Source {
        /** The broker did not say. */
        UNKNOWN(0),
        /** Set on the topic. */
        DYNAMIC_TOPIC_CONFIG(1),
        /** Set at runtime for this broker. */
        DYNAMIC_BROKER_CONFIG(2),
        /** Set at runtime as the default of every broker. */
        DYNAMIC_DEFAULT_BROKER_CONFIG(3),
        /** The broker's properties file. */
        STATIC_BROKER_CONFIG(4),
        /** Kafka's built-in default. */
        DEFAULT_CONFIG(5),
        /** A broker logger level set at runtime. */
        DYNAMIC_BROKER_LOGGER_CONFIG(6),
        /** A client metrics subscription. */
        DYNAMIC_CLIENT_METRICS_CONFIG(7),
        /** Set on a group. */
        DYNAMIC_GROUP_CONFIG(8);

        private final byte code;

        Source(int code) {
            this.code = (byte) code;
        }

        /** The source with the given protocol code, {@link #UNKNOWN} for codes this client does not know. */
        public static Source forCode(byte code) {
            for (Source s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    public ConfigEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** Whether the value is Kafka's built-in default rather than set somewhere. */
    public boolean isDefault() {
        return source == Source.DEFAULT_CONFIG;
    }
}
