package dev.asynckafka.generator;

/**
 * An inclusive range of versions as the specs write them: {@code "3"}, {@code "1-4"}, {@code "2+"}
 * or {@code "none"}. An open range ends at {@link Short#MAX_VALUE}.
 *
 * @param lowest the first version in the range
 * @param highest the last version in the range
 */
public record Versions(short lowest, short highest) {
    /** The empty range. */
    public static final Versions NONE = new Versions((short) 1, (short) 0);

    /** Every version. */
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    /** Parses a version range; throws {@link IllegalArgumentException} for anything else. */
    public static Versions parse(String text) {
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        try {
            if (t.endsWith("+")) {
                return new Versions(version(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                short lo = version(t.substring(0, dash));
                short hi = version(t.substring(dash + 1));
                if (hi < lo) {
                    throw new IllegalArgumentException("empty version range '" + text + "'");
                }
                return new Versions(lo, hi);
            }
            short v = version(t);
            return new Versions(v, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad version range '" + text + "'", e);
        }
    }

    private static short version(String s) {
        short v = Short.parseShort(s.trim());
        if (v < 0) {
            throw new IllegalArgumentException("negative version " + v);
        }
        return v;
    }

    /** Whether the range holds no version. */
    public boolean isEmpty() {
        return lowest > highest;
    }

    /** Whether the range holds the version. */
    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    /** The versions in both ranges. */
    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return lo > hi ? NONE : new Versions(lo, hi);
    }

    /** Whether every version of {@code other} is in this range. */
    public boolean containsAll(Versions other) {
        return other.isEmpty() || (lowest <= other.lowest && highest >= other.highest);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
