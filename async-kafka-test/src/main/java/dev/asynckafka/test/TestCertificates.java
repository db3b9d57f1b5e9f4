package dev.asynckafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away certificate authority and a broker certificate signed by it, made with the JDK's
 * {@code keytool}, for brokers with TLS listeners in tests. Nothing here is fit for production.
 *
 * <p>Files: a PKCS12 key store with the broker's key and chain, a PKCS12 trust store and a PEM file
 * holding the CA certificate (what clients trust).
 */
public final class TestCertificates {
    /** The password of every store made here. */
    public static final String STORE_PASSWORD = "test-store-password";

    private final Path directory;
    private final Path brokerKeyStore;
    private final Path trustStore;
    private final Path caPem;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.brokerKeyStore = directory.resolve("broker.p12");
        this.trustStore = directory.resolve("truststore.p12");
        this.caPem = directory.resolve("ca.pem");
    }

    /** Certificates made by {@link #shared}, by host names and IP addresses. */
    private static final Map<List<List<String>>, TestCertificates> SHARED = new ConcurrentHashMap<>();

    /**
     * Returns a CA and broker certificate for the given names made once per JVM: the first call for
     * a set of names generates them (eight {@code keytool} runs, seconds on a busy machine) in a
     * temporary directory deleted when the JVM exits, later calls return the same files. For tests
     * that only read the files; use {@link #generate} for a CA of its own.
     *
     * @param dnsNames host names the broker certificate is valid for, such as {@code localhost}
     * @param ipAddresses IP addresses it is valid for, such as {@code 127.0.0.1}
     * @return the shared certificates
     */
    public static TestCertificates shared(List<String> dnsNames, List<String> ipAddresses) {
        return SHARED.computeIfAbsent(List.of(List.copyOf(dnsNames), List.copyOf(ipAddresses)), names -> {
            try {
                Path dir = Files.createTempDirectory("async-kafka-certificates-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
                return generate(dir, names.get(0), names.get(1));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a directory for test certificates", e);
            }
        });
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    /**
     * Generates a CA and a broker certificate for the given host names and IP addresses (subject
     * alternative names).
     *
     * @param directory where the files go (created if needed)
     * @param dnsNames host names the broker certificate is valid for, such as {@code localhost}
     * @param ipAddresses IP addresses it is valid for, such as {@code 127.0.0.1}
     */
    public static TestCertificates generate(Path directory, List<String> dnsNames, List<String> ipAddresses) {
        try {
            Files.createDirectories(directory);
            TestCertificates c = new TestCertificates(directory);
            c.run();
            c.signBroker(dnsNames, ipAddresses);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot generate test certificates in " + directory, e);
        }
    }

    private void run() throws IOException {
        Path ca = directory.resolve("ca.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=async-kafka test CA",
                "-ext",
                "bc:c",
                "-keystore",
                ca.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                caPem.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                caPem.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
    }

    private void signBroker(List<String> dnsNames, List<String> ipAddresses) throws IOException {
        Path ca = directory.resolve("ca.p12");
        Path csr = directory.resolve("broker.csr");
        Path crt = directory.resolve("broker.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=" + (dnsNames.isEmpty() ? "broker" : dnsNames.get(0)),
                "-keystore",
                brokerKeyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-certreq",
                "-alias",
                "broker",
                "-keystore",
                brokerKeyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                csr.toString());
        List<String> san = new ArrayList<>();
        dnsNames.forEach(d -> san.add("dns:" + d));
        ipAddresses.forEach(ip -> san.add("ip:" + ip));
        List<String> sign = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-validity",
                "30",
                "-infile",
                csr.toString(),
                "-outfile",
                crt.toString()));
        if (!san.isEmpty()) {
            sign.add("-ext");
            sign.add("SAN=" + String.join(",", san));
        }
        keytool(sign.toArray(String[]::new));
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                caPem.toString(),
                "-keystore",
                brokerKeyStore.toString(),
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-alias",
                "broker",
                "-file",
                crt.toString(),
                "-keystore",
                brokerKeyStore.toString(),
                "-storepass",
                STORE_PASSWORD);
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** The broker's PKCS12 key store (password {@link #STORE_PASSWORD}). */
    public Path brokerKeyStore() {
        return brokerKeyStore;
    }

    /** A PKCS12 trust store holding the CA certificate (password {@link #STORE_PASSWORD}). */
    public Path trustStore() {
        return trustStore;
    }

    /** The CA certificate as a PEM file. */
    public Path caCertificateFile() {
        return caPem;
    }

    /** The CA certificate as PEM text. */
    public String caCertificatePem() {
        try {
            return Files.readString(caPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
