package kafka;

/**
 * A stand-in for the broker's main class in {@code BrokerMainTest}: says it runs, then sleeps
 * forever as a broker would. Never on a forked broker's class path (that has only the launcher's
 * main classes and the release's jars).
 */
public final class Kafka {
    private Kafka() {}

    /** Prints its arguments, then sleeps until killed. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("running with " + String.join(" ", args));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
