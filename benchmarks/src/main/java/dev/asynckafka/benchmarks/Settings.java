package dev.asynckafka.benchmarks;

/** The settings every scenario uses for both clients. */
final class Settings {
    static final String COMPRESSION = "lz4";
    static final int LINGER_MS = 5;
    static final int BATCH_SIZE = 64 * 1024;
    static final int PARTITIONS = 8;
    static final int LATENCY_VALUE_SIZE = 100;
    static final int LATENCY_RATE = 20_000;
    static final int SLOW_RATE = 200;
    static final int SLOW_PROCESSING_MS = 20;
    /** Records per transaction in the transactional produce scenario. */
    static final int TXN_RECORDS = 1_000;
    /** Records in flight per {@code send} call of both reactive senders (reactor-kafka's default is 256). */
    static final int REACTIVE_MAX_IN_FLIGHT = 4_096;

    private Settings() {}

    static String describe() {
        return "acks=all, idempotence on, compression " + COMPRESSION + ", linger.ms " + LINGER_MS + ", batch.size "
                + BATCH_SIZE + ", " + PARTITIONS + " partitions, check.crcs on";
    }
}
