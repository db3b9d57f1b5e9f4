package dev.asynckafka.admin;

import java.util.Objects;

/**
 * Something with configuration: a topic or a broker.
 *
 * @param type the kind of resource
 * @param name the topic name, or the broker id as a string ({@code ""} for the cluster-wide
 *     default of broker configs)
 */
public record ConfigResource(Type type, String name) {
    /** The kinds of resources with configuration, with their protocol codes. */
    public enum Type {
        /** A topic's configuration ({@code cleanup.policy}, {@code retention.ms}, ...). */
        TOPIC(2),
        /** A broker's configuration, or with name {@code ""} the cluster-wide default. */
        BROKER(4),
        /** A broker's log4j logger levels. */
        BROKER_LOGGER(8);

        private final byte code;

        Type(int code) {
            this.code = (byte) code;
        }

        /** The code of this type in the protocol. */
        public byte code() {
            return code;
        }
    }

    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type != Type.TOPIC && !name.isEmpty()) {
            try {
                Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + " resource name must be a broker id, was '" + name + "'");
            }
        }
        if (type == Type.TOPIC && name.isEmpty()) {
            throw new IllegalArgumentException("topic resource name must not be empty");
        }
    }

    /** A topic's configuration. */
    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    /** A broker's configuration. */
    public static ConfigResource broker(int id) {
        return new ConfigResource(Type.BROKER, Integer.toString(id));
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + (name.isEmpty() ? "<default>" : name);
    }
}
