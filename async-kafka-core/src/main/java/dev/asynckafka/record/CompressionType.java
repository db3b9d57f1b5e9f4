package dev.asynckafka.record;

import dev.asynckafka.errors.UnsupportedCompressionTypeException;
import java.util.Locale;

/** The compression codecs of record batches, with their wire ids (attribute bits 0-2) and config names. */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The codec's id in a batch's attributes. */
    public int id() {
        return id;
    }

    /** The codec's name in the {@code compression.type} config: "none", "gzip", "snappy", "lz4", "zstd". */
    public String configName() {
        return configName;
    }

    /**
     * The codec with the given wire id.
     *
     * @throws UnsupportedCompressionTypeException if no codec has that id
     */
    public static CompressionType forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new UnsupportedCompressionTypeException("unknown compression type id " + id);
        }
        return BY_ID[id];
    }

    /**
     * The codec with the given config name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid names if none matches
     */
    public static CompressionType forName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CompressionType type : BY_ID) {
            if (type.configName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown compression type '" + name + "'; valid values are none, gzip, snappy, lz4, zstd");
    }
}
