package dev.asynckafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;

/**
 * A real Apache Kafka cluster in KRaft mode, running inside the current JVM.
 *
 * <p>The cluster is built on Kafka's own {@code KafkaClusterTestKit}. Node {@code 0} runs both the
 * broker and the (single) KRaft controller role; nodes {@code 1..n-1} are pure brokers. Stopping
 * broker {@code 0} stops only its broker role, the controller keeps running.
 *
 * <p>Every broker listens on {@code 127.0.0.1} on a port chosen when the cluster starts (or the
 * fixed port given to {@link Builder#port(int)} plus the broker id) and keeps that port for its
 * whole life, so a broker restarted with {@link #startBroker(int)} is reachable at the same
 * address as before and clients can simply reconnect.
 *
 * <p>The defaults make consumer groups and transactions work on a single node: the offsets and
 * transaction state topics use a replication factor of {@code min(brokers, 3)} and few
 * partitions, {@code transaction.state.log.min.isr} is {@code 1} and
 * {@code group.initial.rebalance.delay.ms} is {@code 0}. Every default can be overridden with
 * {@link Builder#brokerProperty(String, String)}, except the listener settings, which the cluster
 * manages itself.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
 *         .brokers(1)
 *         .topic("orders", 3)
 *         .build()
 *         .start()) {
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:41234"
 *     ...
 * }
 * }</pre>
 *
 * <p>This class does not depend on JUnit. All methods are thread-safe; the lifecycle methods block
 * until the operation has completed.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedKafkaCluster.class.getName());

    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String CLIENT_PREFIX = "listener.name.client.";
    private static final String SCRAM_BARRIER_TOPIC = "embedded-kafka-scram-ready";
    private static final int CONTROLLER_NODE_ID = 0;
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(60);

    private enum State {
        NEW,
        STARTED,
        CLOSED
    }

    private final int brokerCount;
    private final int firstPort;
    private final Map<String, String> brokerProperties;
    private final Map<String, Integer> initialTopics;
    private final List<Integer> brokerIds;

    private State state = State.NEW;
    private @Nullable KafkaClusterTestKit testKit;
    private @Nullable Path baseDirectory;
    private @Nullable Admin admin;
    private final Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
    private final @Nullable BrokerSecurity security;
    private final @Nullable String brokerLogLevel;
    /** Where each broker's client listener is advertised instead of its own port (a proxy). */
    private final Map<Integer, Integer> advertisedClientPorts;
    /** The {@code transaction.version} feature level to finalize after start, or -1 for the default. */
    private final short transactionVersion;
    /** The {@code group.version} feature level to finalize after start. */
    private final short groupVersion;

    private @Nullable TestCertificates certificates;
    private final Set<Integer> stoppedBrokers = new TreeSet<>();
    private Duration startupDuration = Duration.ZERO;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokerCount = builder.brokers;
        this.firstPort = builder.port;
        this.brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.brokerProperties));
        this.initialTopics = Collections.unmodifiableMap(new LinkedHashMap<>(builder.topics));
        this.security = builder.security;
        this.brokerLogLevel = builder.brokerLogLevel;
        this.advertisedClientPorts = Map.copyOf(builder.advertisedClientPorts);
        this.transactionVersion = builder.transactionVersion;
        this.groupVersion = builder.groupVersion;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            ids.add(i);
        }
        this.brokerIds = List.copyOf(ids);
    }

    /**
     * Returns a new builder for a cluster; the defaults give a single broker on a free port.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directories, starts the controller and all brokers, waits until every broker
     * is registered and unfenced, and creates the topics given to {@link Builder#topic(String, int)}.
     *
     * @return this cluster, for chaining
     * @throws IllegalStateException if the cluster was already started or closed, or failed to start
     */
    public synchronized EmbeddedKafkaCluster start() {
        if (state != State.NEW) {
            throw new IllegalStateException("Cluster can only be started once, state is " + state);
        }
        long begin = System.nanoTime();
        String logLevel = brokerLogLevel;
        if (logLevel != null) {
            BrokerLogging.quiet(logLevel);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                break;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                releaseResources();
                // A free port is found by binding and releasing it; another process (any outgoing
                // connection takes an ephemeral port) can take it before the broker binds it.
                if (firstPort != 0 || attempt >= START_ATTEMPTS || !portTaken(e)) {
                    state = State.CLOSED;
                    throw new IllegalStateException("Failed to start embedded Kafka cluster", e);
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "A port chosen for the embedded Kafka cluster was taken before the broker bound it;"
                                + " starting again on other ports (attempt {0} of {1})",
                        attempt + 1,
                        START_ATTEMPTS);
                state = State.NEW;
                brokerPorts.clear();
                clientPorts.clear();
                certificates = null;
            }
        }
        startupDuration = Duration.ofNanos(System.nanoTime() - begin);
        LOG.log(
                System.Logger.Level.INFO,
                "Embedded Kafka cluster with {0} broker(s) started in {1} ms at {2}",
                brokerCount,
                startupDuration.toMillis(),
                bootstrapServers());
        return this;
    }

    /** Number of tries {@link #start()} makes when a chosen port was taken meanwhile. */
    private static final int START_ATTEMPTS = 3;

    private void startOnce() throws Exception {
        Path dir = Files.createTempDirectory("async-kafka-embedded-");
        baseDirectory = dir;
        int controllerPort = allocatePorts();
        BrokerSecurity sec = security;
        if (sec != null && sec.usesTls()) {
            // Made once per JVM for each set of names: clusters only read them, and keytool is slow.
            certificates = TestCertificates.shared(sec.certificateDnsNames(), sec.certificateIpAddresses());
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(brokerCount)
                // The test kit defaults to the newest, still unstable metadata version; a client
                // must be tested against what a released broker speaks.
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setBaseDirectory(dir)
                // The test kit pre-binds random ports for its own listener names. We give its
                // listeners names that no node uses and configure our own listeners with fixed
                // ports below, so a restarted broker binds its original port again.
                .setBrokerListenerName(new ListenerName("TESTKIT_UNUSED_BROKER"))
                .setControllerListenerName(new ListenerName("TESTKIT_UNUSED_CONTROLLER"))
                .setPerServerProperties(perServerProperties(controllerPort))
                .build();
        KafkaClusterTestKit.Builder kitBuilder = new KafkaClusterTestKit.Builder(nodes);
        defaultBrokerProperties().forEach(kitBuilder::setConfigProp);
        securityProperties().forEach(kitBuilder::setConfigProp);
        brokerProperties.forEach(kitBuilder::setConfigProp);
        KafkaClusterTestKit kit = kitBuilder.build();
        testKit = kit;
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        state = State.STARTED;
        if (transactionVersion >= 0) {
            setFeature("transaction.version", transactionVersion);
        }
        setFeature("group.version", groupVersion);
        createScramUsers();
        short replication = defaultReplicationFactor();
        for (Map.Entry<String, Integer> topic : initialTopics.entrySet()) {
            createTopic(topic.getKey(), topic.getValue(), replication);
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the bootstrap servers of all brokers, including stopped ones, as
     * {@code host:port,host:port}, in broker id order.
     *
     * @return the value for the {@code bootstrap.servers} client setting
     * @throws IllegalStateException if the cluster has not been started
     */
    public synchronized String bootstrapServers() {
        requireStarted();
        return brokerIds.stream().map(this::address).collect(Collectors.joining(","));
    }

    /**
     * Returns the plaintext inter-broker addresses. They equal {@link #bootstrapServers()} unless
     * the cluster was built with {@link Builder#security(BrokerSecurity)}: then clients that must
     * not authenticate (setup code, oracles) can use these.
     *
     * @return plaintext {@code host:port,host:port}
     * @throws IllegalStateException if the cluster has not been started
     */
    public synchronized String internalBootstrapServers() {
        requireStarted();
        return brokerIds.stream().map(id -> HOST + ":" + brokerPorts.get(id)).collect(Collectors.joining(","));
    }

    /**
     * Returns the generated certificates of a TLS cluster: what clients must trust.
     *
     * @return the certificates, or null if the client listener does not use TLS
     */
    public synchronized @Nullable TestCertificates certificates() {
        return certificates;
    }

    /**
     * Returns the address of one broker, as {@code host:port}; it stays the same across
     * {@link #stopBroker(int)} and {@link #startBroker(int)}.
     *
     * @param brokerId the broker id, one of {@link #brokerIds()}
     * @return the broker's address
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if the cluster has not been started
     */
    public synchronized String brokerAddress(int brokerId) {
        requireStarted();
        requireBroker(brokerId);
        return address(brokerId);
    }

    /**
     * Returns the ids of all brokers of the cluster, running or stopped, in ascending order.
     *
     * @return the broker ids, {@code 0..brokers-1}
     */
    public List<Integer> brokerIds() {
        return brokerIds;
    }

    /**
     * Tells whether a broker is currently running.
     *
     * @param brokerId the broker id, one of {@link #brokerIds()}
     * @return {@code true} if the cluster is started and the broker has not been stopped
     * @throws IllegalArgumentException if there is no such broker
     */
    public synchronized boolean isBrokerRunning(int brokerId) {
        requireBroker(brokerId);
        return state == State.STARTED && !stoppedBrokers.contains(brokerId);
    }

    /**
     * Returns how long {@link #start()} took, from formatting the log directories until all brokers
     * were ready and the initial topics existed.
     *
     * @return the startup duration, or zero if the cluster has not been started
     */
    public synchronized Duration startupDuration() {
        return startupDuration;
    }

    /**
     * Shuts a broker down (a controlled shutdown, so its partition leaderships move to other
     * brokers first). Its log directory and address are kept for {@link #startBroker(int)}. Stopping
     * a stopped broker does nothing.
     *
     * @param brokerId the broker id, one of {@link #brokerIds()}
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if the cluster is not started
     */
    public synchronized void stopBroker(int brokerId) {
        requireStarted();
        requireBroker(brokerId);
        if (stoppedBrokers.contains(brokerId)) {
            return;
        }
        BrokerServer broker = broker(brokerId);
        broker.shutdown();
        broker.awaitShutdown();
        stoppedBrokers.add(brokerId);
    }

    /**
     * Restarts a broker stopped with {@link #stopBroker(int)} on the same address, and waits until
     * it is registered, unfenced and known as alive by every running broker. Starting a running
     * broker does nothing.
     *
     * @param brokerId the broker id, one of {@link #brokerIds()}
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if the cluster is not started or the broker did not become
     *     ready in time
     */
    public synchronized void startBroker(int brokerId) {
        requireStarted();
        requireBroker(brokerId);
        if (!stoppedBrokers.contains(brokerId)) {
            return;
        }
        broker(brokerId).startup();
        stoppedBrokers.remove(brokerId);
        waitUntil(
                () -> runningBrokers().allMatch(b -> b.metadataCache().hasAliveBroker(brokerId)),
                "broker " + brokerId + " to be known as alive by all running brokers");
    }

    /**
     * Creates a topic with the kafka-clients {@link Admin} and waits until every running broker
     * knows all its partitions. Creating a topic that already exists does nothing.
     *
     * @param name the topic name
     * @param partitions the number of partitions, at least 1
     * @param replicationFactor the replication factor, at most the number of running brokers
     * @throws IllegalStateException if the cluster is not started or the topic could not be created
     */
    public synchronized void createTopic(String name, int partitions, short replicationFactor) {
        requireStarted();
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, replicationFactor)))
                    .all()
                    .get(WAIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Failed to create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        }
        waitUntil(
                () -> runningBrokers()
                        .allMatch(b ->
                                b.metadataCache().numPartitions(name).orElse(0).equals(partitions)),
                "topic " + name + " to be known by all running brokers");
    }

    /**
     * Stops all brokers and the controller and deletes the cluster's log directories. Calling it
     * again does nothing. Problems during shutdown are logged, not thrown.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        shutdown();
    }

    /**
     * Runs a cluster as a standalone process; see {@link EmbeddedKafkaMain#main(String[])}.
     *
     * @param args the command line arguments
     * @throws Exception if the cluster fails to start
     */
    public static void main(String[] args) throws Exception {
        EmbeddedKafkaMain.main(args);
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedKafkaCluster[brokers=" + brokerCount + ", state=" + state
                + (state == State.STARTED ? ", bootstrapServers=" + bootstrapServers() : "") + "]";
    }

    private void shutdown() {
        state = State.CLOSED;
        releaseResources();
    }

    /** Closes the admin client and the brokers and deletes the directories, leaving the state alone. */
    private void releaseResources() {
        Admin a = admin;
        admin = null;
        if (a != null) {
            try {
                a.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Failed to close admin client", e);
            }
        }
        KafkaClusterTestKit kit = testKit;
        testKit = null;
        if (kit != null) {
            try {
                kit.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.log(System.Logger.Level.WARNING, "Problem while shutting down embedded Kafka cluster", e);
            }
        }
        Path dir = baseDirectory;
        baseDirectory = null;
        if (dir != null) {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Failed to delete " + dir, e);
        }
    }

    /** Chooses the broker ports (and returns a free controller port) while holding them all bound. */
    private int allocatePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int id : brokerIds) {
                int port = firstPort == 0 ? bindFree(held) : firstPort + id;
                brokerPorts.put(id, port);
                if (hasClientListener()) {
                    clientPorts.put(id, bindFree(held));
                }
            }
            return bindFree(held);
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static int bindFree(List<ServerSocket> held) throws IOException {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
        return socket.getLocalPort();
    }

    private Map<Integer, Map<String, String>> perServerProperties(int controllerPort) {
        Map<Integer, Map<String, String>> perServer = new HashMap<>();
        for (int id : brokerIds) {
            Map<String, String> props = new HashMap<>();
            String listeners = BROKER_LISTENER + "://" + HOST + ":" + brokerPorts.get(id);
            String advertised = listeners;
            String protocols = BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
            if (hasClientListener()) {
                String client = CLIENT_LISTENER + "://" + HOST + ":" + clientPorts.get(id);
                listeners += "," + client;
                advertised += "," + CLIENT_LISTENER + "://" + HOST + ":"
                        + advertisedClientPorts.getOrDefault(id, clientPorts.get(id));
                protocols += "," + CLIENT_LISTENER + ":" + (security == null ? "PLAINTEXT" : security.protocol());
            }
            if (id == CONTROLLER_NODE_ID) {
                listeners += "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;
            }
            props.put("listeners", listeners);
            props.put("advertised.listeners", advertised);
            props.put("listener.security.protocol.map", protocols);
            props.put("inter.broker.listener.name", BROKER_LISTENER);
            props.put("controller.listener.names", CONTROLLER_LISTENER);
            props.put("controller.quorum.voters", CONTROLLER_NODE_ID + "@" + HOST + ":" + controllerPort);
            perServer.put(id, props);
        }
        return perServer;
    }

    private Map<String, String> defaultBrokerProperties() {
        String replication = Short.toString(defaultReplicationFactor());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The test kit enables unreleased API and feature versions; a client must see exactly
        // what a released broker advertises in ApiVersions.
        props.put("unstable.api.versions.enable", "false");
        props.put("unstable.feature.versions.enable", "false");
        // A restarted broker can only re-register once the controller expired its previous session
        // (9 s by default), and a controlled shutdown advances once per heartbeat (2 s by default):
        // shorter values make stopBroker/startBroker take about a second and three seconds.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        return props;
    }

    /** Broker settings of the secured client listener (prefixed with its listener name). */
    private Map<String, String> securityProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        BrokerSecurity sec = security;
        if (sec == null) {
            return props;
        }
        TestCertificates certs = certificates;
        if (certs != null) {
            props.put(
                    CLIENT_PREFIX + "ssl.keystore.location",
                    certs.brokerKeyStore().toString());
            props.put(CLIENT_PREFIX + "ssl.keystore.type", "PKCS12");
            props.put(CLIENT_PREFIX + "ssl.keystore.password", TestCertificates.STORE_PASSWORD);
            props.put(CLIENT_PREFIX + "ssl.key.password", TestCertificates.STORE_PASSWORD);
            props.put(CLIENT_PREFIX + "ssl.client.auth", "none");
        }
        if (sec.usesSasl()) {
            props.put(CLIENT_PREFIX + "sasl.enabled.mechanisms", String.join(",", sec.mechanisms()));
            for (String mechanism : sec.mechanisms()) {
                String prefix = CLIENT_PREFIX + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config";
                switch (mechanism) {
                    case "PLAIN" -> {
                        StringBuilder jaas =
                                new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
                        sec.users()
                                .forEach((u, pw) -> jaas.append(" user_")
                                        .append(u)
                                        .append("=\"")
                                        .append(pw)
                                        .append('"'));
                        props.put(prefix, jaas.append(';').toString());
                    }
                    case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
                        props.put(prefix, "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                    case "OAUTHBEARER" ->
                        props.put(
                                prefix,
                                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                        + " unsecuredLoginStringClaim_sub=\"broker\";");
                    default -> throw new IllegalArgumentException("Unsupported SASL mechanism " + mechanism);
                }
            }
        }
        if (sec.reauthenticationMs() > 0) {
            props.put(CLIENT_PREFIX + "connections.max.reauth.ms", Long.toString(sec.reauthenticationMs()));
        }
        return props;
    }

    /**
     * Registers the users with every enabled SCRAM mechanism, then waits until all brokers applied
     * the change: a topic created afterwards through the same metadata log acts as the barrier.
     */
    private void createScramUsers() throws Exception {
        BrokerSecurity sec = security;
        if (sec == null || sec.users().isEmpty()) {
            return;
        }
        boolean any = false;
        // The broker refuses two alterations of one user in a request: one request per mechanism.
        for (String mechanism : sec.mechanisms()) {
            if (!mechanism.startsWith("SCRAM-")) {
                continue;
            }
            org.apache.kafka.clients.admin.ScramMechanism m =
                    org.apache.kafka.clients.admin.ScramMechanism.fromMechanismName(mechanism);
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> alterations = new ArrayList<>();
            sec.users()
                    .forEach((user, password) ->
                            alterations.add(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                                    user, new org.apache.kafka.clients.admin.ScramCredentialInfo(m, 4096), password)));
            admin().alterUserScramCredentials(alterations).all().get(WAIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            any = true;
        }
        if (!any) {
            return;
        }
        createTopic(SCRAM_BARRIER_TOPIC, 1, (short) 1);
    }

    private short defaultReplicationFactor() {
        return (short) Math.min(brokerCount, 3);
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-cluster-admin");
            a = Admin.create(config);
            admin = a;
        }
        return a;
    }

    private String address(int brokerId) {
        Integer advertised = advertisedClientPorts.get(brokerId);
        if (advertised != null) {
            return HOST + ":" + advertised;
        }
        return HOST + ":" + (security == null ? brokerPorts : clientPorts).get(brokerId);
    }

    /** A client listener apart from the inter-broker one: with security, or advertised elsewhere. */
    private boolean hasClientListener() {
        return security != null || !advertisedClientPorts.isEmpty();
    }

    /**
     * Returns the port a broker's client listener is bound to. With {@link
     * Builder#advertisedClientPorts(Map)} this is where a proxy in front of the broker forwards to.
     *
     * @param brokerId the broker id, one of {@link #brokerIds()}
     * @return the bound port of the client listener (the inter-broker port if there is no separate one)
     * @throws IllegalStateException if the cluster has not been started
     */
    public synchronized int clientListenerPort(int brokerId) {
        requireStarted();
        requireBroker(brokerId);
        return hasClientListener() ? clientPorts.get(brokerId) : brokerPorts.get(brokerId);
    }

    private BrokerServer broker(int brokerId) {
        return requireKit().brokers().get(brokerId);
    }

    private Stream<BrokerServer> runningBrokers() {
        KafkaClusterTestKit kit = requireKit();
        return brokerIds.stream()
                .filter(id -> !stoppedBrokers.contains(id))
                .map(id -> kit.brokers().get(id));
    }

    private KafkaClusterTestKit requireKit() {
        KafkaClusterTestKit kit = testKit;
        if (kit == null) {
            throw new IllegalStateException("Cluster is not started, state is " + state);
        }
        return kit;
    }

    /**
     * Finalizes a feature ({@code transaction.version}, {@code group.version}) at {@code level} and
     * waits until the cluster reports it, so clients that connect afterwards see it in their
     * ApiVersions responses.
     */
    private void setFeature(String feature, short level) throws ExecutionException, InterruptedException {
        Admin a = admin();
        short current = finalizedLevel(a, feature);
        if (current != level) {
            org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType type = level > current
                    ? org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.UPGRADE
                    : org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE;
            a.updateFeatures(
                            Map.of(feature, new org.apache.kafka.clients.admin.FeatureUpdate(level, type)),
                            new org.apache.kafka.clients.admin.UpdateFeaturesOptions())
                    .all()
                    .get();
        }
        waitUntil(
                () -> {
                    try {
                        return finalizedLevel(a, feature) == level;
                    } catch (ExecutionException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return true;
                    }
                },
                feature + " " + level);
    }

    private static short finalizedLevel(Admin a, String feature) throws ExecutionException, InterruptedException {
        org.apache.kafka.clients.admin.FinalizedVersionRange range =
                a.describeFeatures().featureMetadata().get().finalizedFeatures().get(feature);
        return range == null ? 0 : range.maxVersionLevel();
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("Cluster is not started, state is " + state);
        }
    }

    private void requireBroker(int brokerId) {
        if (brokerId < 0 || brokerId >= brokerCount) {
            throw new IllegalArgumentException("No broker " + brokerId + ", broker ids are " + brokerIds);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + WAIT_TIMEOUT + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** Builder for an {@link EmbeddedKafkaCluster}; obtain one with {@link EmbeddedKafkaCluster#builder()}. */
    public static final class Builder {
        /** The default of {@link #brokerLogLevel(String)}. */
        public static final String DEFAULT_BROKER_LOG_LEVEL = "WARN";

        private int brokers = 1;
        private int port;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, Integer> topics = new LinkedHashMap<>();
        private @Nullable BrokerSecurity security;
        private @Nullable String brokerLogLevel = DEFAULT_BROKER_LOG_LEVEL;
        private final Map<Integer, Integer> advertisedClientPorts = new LinkedHashMap<>();
        private short transactionVersion = -1;
        private short groupVersion = 1;

        private Builder() {}

        /**
         * Finalizes the cluster feature {@code group.version} at this level once the brokers are
         * up: 1 (the default, as a Kafka 4.x cluster formatted by {@code kafka-storage} has it)
         * enables the consumer group protocol of KIP-848; 0 leaves only the classic one. The test
         * kit's storage formatting alone would leave it at 0.
         *
         * @param level 0 or 1
         * @return this builder
         */
        public Builder groupVersion(int level) {
            if (level < 0 || level > 1) {
                throw new IllegalArgumentException("group.version must be 0 or 1: " + level);
            }
            this.groupVersion = (short) level;
            return this;
        }

        /**
         * Finalizes the cluster feature {@code transaction.version} at this level once the brokers
         * are up: 2 enables the KIP-890 transaction protocol (server-side epoch bump, no
         * AddPartitionsToTxn), 1 or 0 keep the classic one. Without this call the cluster runs the
         * release's default (2 for Kafka 4.1).
         *
         * @param level 0, 1 or 2
         * @return this builder
         */
        public Builder transactionVersion(int level) {
            if (level < 0 || level > 2) {
                throw new IllegalArgumentException("transaction.version must be 0, 1 or 2: " + level);
            }
            this.transactionVersion = (short) level;
            return this;
        }

        /**
         * The log level of the broker's own loggers ({@code kafka}, {@code org.apache.kafka},
         * {@code state.change.logger}, {@code kafka.request.logger}) where the application has not
         * configured one: {@value #DEFAULT_BROKER_LOG_LEVEL} by default, since a starting broker
         * logs hundreds of INFO lines. Applied with Logback or Log4j 2 behind SLF4J; {@code null}
         * leaves logging alone. Note that {@code org.apache.kafka} also covers kafka-clients.
         *
         * @param level a level name such as {@code INFO}, or {@code null}
         * @return this builder
         */
        public Builder brokerLogLevel(@Nullable String level) {
            this.brokerLogLevel = level;
            return this;
        }

        /**
         * Gives brokers a client listener of their own, advertised to clients at {@code
         * 127.0.0.1:port} instead of the port it binds ({@link
         * EmbeddedKafkaCluster#clientListenerPort(int)}): for a proxy in front of a broker that only
         * client traffic passes (brokers replicate over their inter-broker listener), as fault tests
         * need. {@link EmbeddedKafkaCluster#bootstrapServers()} then names the advertised ports.
         *
         * @param ports advertised port by broker id; brokers not named advertise their own port
         * @return this builder
         */
        public Builder advertisedClientPorts(Map<Integer, Integer> ports) {
            this.advertisedClientPorts.putAll(ports);
            return this;
        }

        /**
         * Secures the client-facing listener: {@link #bootstrapServers()} then points at it, while
         * brokers keep talking over a plaintext listener ({@link #internalBootstrapServers()}).
         *
         * @param security TLS and SASL settings of the client listener
         * @return this builder
         */
        public Builder security(BrokerSecurity security) {
            this.security = java.util.Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Sets the number of brokers; the default is 1.
         *
         * @param brokers the number of brokers, at least 1
         * @return this builder
         */
        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("brokers must be at least 1: " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /**
         * Sets a fixed port for broker 0; broker {@code i} then listens on {@code port + i}. The
         * default, 0, chooses free ports.
         *
         * @param port the first broker port, or 0 for free ports
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets a broker configuration property on every node, overriding this class's defaults.
         * Listener settings ({@code listeners}, {@code advertised.listeners},
         * {@code listener.security.protocol.map}, {@code inter.broker.listener.name},
         * {@code controller.listener.names}, {@code controller.quorum.voters}) are managed by the
         * cluster and cannot be overridden.
         *
         * @param key the property name, for example {@code auto.create.topics.enable}
         * @param value the property value
         * @return this builder
         */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Adds a topic to create during {@link EmbeddedKafkaCluster#start()}, with a replication
         * factor of {@code min(brokers, 3)}.
         *
         * @param name the topic name
         * @param partitions the number of partitions, at least 1
         * @return this builder
         */
        public Builder topic(String name, int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
            }
            topics.put(name, partitions);
            return this;
        }

        /**
         * Builds the cluster without starting it; call {@link EmbeddedKafkaCluster#start()} next.
         *
         * @return a new, not yet started cluster
         */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }

        /**
         * Builds and starts the cluster; shorthand for {@code build().start()}.
         *
         * @return the started cluster
         */
        public EmbeddedKafkaCluster start() {
            return build().start();
        }
    }
}
