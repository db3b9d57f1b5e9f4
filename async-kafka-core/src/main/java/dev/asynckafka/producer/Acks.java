package dev.asynckafka.producer;

/**
 * The {@code acks} setting: how many replicas must have a record before the broker acknowledges it.
 */
public enum Acks {
    /** {@code acks=0}: the producer does not wait for any answer; offsets are unknown (-1). */
    NONE((short) 0, "0"),
    /** {@code acks=1}: the leader has written the record; it may be lost if the leader fails. */
    LEADER((short) 1, "1"),
    /** {@code acks=all} (or -1): every in-sync replica has the record. The default. */
    ALL((short) -1, "all");

    private final short wireValue;
    private final String configName;

    Acks(short wireValue, String configName) {
        this.wireValue = wireValue;
        this.configName = configName;
    }

    /** The value sent in Produce requests: 0, 1 or -1. */
    public short wireValue() {
        return wireValue;
    }

    /** The value as written in kafka-clients' configuration: "0", "1" or "all". */
    public String configName() {
        return configName;
    }
}
