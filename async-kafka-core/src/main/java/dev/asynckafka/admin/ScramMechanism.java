package dev.asynckafka.admin;

/** The SCRAM mechanisms Kafka stores credentials for, with their protocol codes. */
public enum ScramMechanism {
    /** SCRAM-SHA-256. */
    SCRAM_SHA_256(1, 256),
    /** SCRAM-SHA-512. */
    SCRAM_SHA_512(2, 512);

    private final byte code;
    private final int bits;

    ScramMechanism(int code, int bits) {
        this.code = (byte) code;
        this.bits = bits;
    }

    /** The code of this mechanism in the protocol. */
    public byte code() {
        return code;
    }

    /** The hash size in bits: 256 or 512. */
    public int bits() {
        return bits;
    }

    /** The SASL mechanism name, such as {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return name().replace('_', '-');
    }

    /**
     * The mechanism with the given protocol code.
     *
     * @throws IllegalArgumentException for a code this client does not know
     */
    public static ScramMechanism forCode(byte code) {
        for (ScramMechanism m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown SCRAM mechanism code " + code);
    }
}
