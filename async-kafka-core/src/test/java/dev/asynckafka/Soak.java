package dev.asynckafka;

/**
 * Sizes of tests with a soak-sized variant: the full size under {@code mvn -Psoak verify} (system
 * property {@code asynckafka.soak=true}), a smaller one by default that still takes every path the
 * full size takes, so {@code mvn verify} stays fast.
 */
public final class Soak {
    private Soak() {}

    /** Whether this run is a soak run. */
    public static boolean enabled() {
        return Boolean.getBoolean("asynckafka.soak");
    }

    /** {@code soak} in a soak run, {@code regular} otherwise. */
    public static int size(int regular, int soak) {
        return enabled() ? soak : regular;
    }
}
