package dev.asynckafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidRequestException;
import dev.asynckafka.errors.ResourceNotFoundException;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.test.BrokerSecurity;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ACLs and SCRAM credentials against one broker with KRaft's StandardAuthorizer and a SASL
 * listener, checked against kafka-clients' admin; a credential upserted here must let a client log
 * in.
 */
@Timeout(120)
class AdminAclsAndScramIT {
    private static final String ADMIN_USER = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret";

    private static EmbeddedKafkaCluster kafka;
    private static AsyncKafkaAdmin admin;
    private static Admin oracle;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.builder()
                .security(BrokerSecurity.saslPlaintext()
                        .mechanisms("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
                        .user(ADMIN_USER, ADMIN_PASSWORD)
                        .build())
                .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                // ANONYMOUS: the plaintext listeners between brokers and controller and of the kit.
                .brokerProperty("super.users", "User:" + ADMIN_USER + ";User:ANONYMOUS")
                .start();
        admin = AsyncKafkaAdmin.create(
                AdminOptions.builder(options(SaslOptions.plain(ADMIN_USER, Password.of(ADMIN_PASSWORD))))
                        .defaultApiTimeout(Duration.ofSeconds(30))
                        .build());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
                        + "\" password=\"" + ADMIN_PASSWORD + "\";");
        oracle = Admin.create(p);
    }

    private static ClientOptions options(SaslOptions sasl) {
        return ClientOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .sasl(sasl)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
        if (oracle != null) {
            oracle.close();
        }
        kafka.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static Set<String> oracleAcls() throws Exception {
        return oracle.describeAcls(AclBindingFilter.ANY).values().get().stream()
                .map(b -> b.pattern().resourceType() + "|" + b.pattern().name() + "|"
                        + b.pattern().patternType()
                        + "|" + b.entry().principal() + "|" + b.entry().host() + "|"
                        + b.entry().operation() + "|"
                        + b.entry().permissionType())
                .collect(Collectors.toSet());
    }

    private static String key(AclBinding b) {
        return b.resourceType() + "|" + b.resourceName() + "|" + b.patternType() + "|" + b.principal() + "|" + b.host()
                + "|" + b.operation() + "|" + b.permission();
    }

    @Test
    void createsDescribesAndDeletesAclsAsTheOracleSees() throws Exception {
        AclBinding read =
                AclBinding.allow(AclBinding.ResourceType.TOPIC, "orders", "User:bob", AclBinding.Operation.READ);
        AclBinding group = new AclBinding(
                AclBinding.ResourceType.GROUP,
                "billing-",
                AclBinding.PatternType.PREFIXED,
                "User:bob",
                "*",
                AclBinding.Operation.READ,
                AclBinding.Permission.ALLOW);
        AclBinding deny = new AclBinding(
                AclBinding.ResourceType.TOPIC,
                "*",
                AclBinding.PatternType.LITERAL,
                "User:mallory",
                "10.0.0.1",
                AclBinding.Operation.WRITE,
                AclBinding.Permission.DENY);
        // A principal without a type is refused by the broker: the other bindings are still created.
        AclBinding bad = AclBinding.allow(AclBinding.ResourceType.TOPIC, "orders", "bob", AclBinding.Operation.READ);
        AdminResult<AclBinding, Void> created = admin.createAcls(List.of(read, group, deny, bad));
        await(created.value(read));
        await(created.value(group));
        await(created.value(deny));
        assertThat(failure(created.value(bad))).isInstanceOf(InvalidRequestException.class);

        List<AclBinding> all = await(admin.describeAcls(dev.asynckafka.admin.AclBindingFilter.ANY));
        assertThat(all.stream().map(AdminAclsAndScramIT::key).collect(Collectors.toSet()))
                .isEqualTo(oracleAcls())
                .hasSize(3);
        assertThat(await(admin.describeAcls(dev.asynckafka.admin.AclBindingFilter.forPrincipal("User:bob"))))
                .containsExactlyInAnyOrder(read, group);

        AdminResult<dev.asynckafka.admin.AclBindingFilter, List<AclBinding>> deleted = admin.deleteAcls(List.of(
                dev.asynckafka.admin.AclBindingFilter.of(read),
                dev.asynckafka.admin.AclBindingFilter.forPrincipal("User:nobody")));
        assertThat(await(deleted.value(dev.asynckafka.admin.AclBindingFilter.of(read))))
                .containsExactly(read);
        assertThat(await(deleted.value(dev.asynckafka.admin.AclBindingFilter.forPrincipal("User:nobody"))))
                .isEmpty();
        assertThat(oracleAcls()).hasSize(2).doesNotContain(key(read));
    }

    @Test
    void upsertedScramCredentialsLetAClientLogInAndDescribeAsTheOracleDoes() throws Exception {
        AdminResult<String, Void> altered = admin.alterUserScramCredentials(List.of(
                new ScramCredentialAlteration.Upsertion(
                        "carol", ScramMechanism.SCRAM_SHA_256, 8192, Password.of("carol-Secret-1")),
                new ScramCredentialAlteration.Upsertion(
                        "dave", ScramMechanism.SCRAM_SHA_512, 4096, Password.of("dave-Secret-2")),
                new ScramCredentialAlteration.Deletion("nobody", ScramMechanism.SCRAM_SHA_256)));
        await(altered.value("carol"));
        await(altered.value("dave"));
        assertThat(failure(altered.value("nobody"))).isInstanceOf(ResourceNotFoundException.class);

        AdminResult<String, List<ScramCredentialInfo>> described =
                admin.describeUserScramCredentials(List.of("carol", "dave", "nobody"));
        assertThat(await(described.value("carol")))
                .containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192));
        assertThat(failure(described.value("nobody"))).isInstanceOf(ResourceNotFoundException.class);
        Map<String, List<ScramCredentialInfo>> everyone = await(admin.describeUserScramCredentials());
        var expected = oracle.describeUserScramCredentials().all().get();
        assertThat(everyone.keySet()).isEqualTo(expected.keySet()).contains("carol", "dave", ADMIN_USER);
        expected.forEach((user, d) -> assertThat(everyone.get(user).stream()
                        .map(c -> c.mechanism().mechanismName() + "/" + c.iterations())
                        .collect(Collectors.toSet()))
                .isEqualTo(d.credentialInfos().stream()
                        .map(c -> c.mechanism().mechanismName() + "/" + c.iterations())
                        .collect(Collectors.toSet())));

        // The salted password we computed is the one the broker checks logins against. A topic
        // created afterwards is a barrier: once the broker knows it, it applied the credentials.
        await(admin.createTopic(new NewTopic("scram-barrier", 1, (short) 1)));
        try (AsyncKafkaAdmin carol = AsyncKafkaAdmin.create(
                AdminOptions.of(options(SaslOptions.scramSha256("carol", Password.of("carol-Secret-1")))))) {
            assertThat(await(carol.describeCluster()).nodes()).isNotEmpty();
        }
        try (AsyncKafkaAdmin dave = AsyncKafkaAdmin.create(
                AdminOptions.of(options(SaslOptions.scramSha512("dave", Password.of("dave-Secret-2")))))) {
            assertThat(await(dave.describeCluster()).nodes()).isNotEmpty();
        }

        await(admin.alterUserScramCredentials(
                        List.of(new ScramCredentialAlteration.Deletion("carol", ScramMechanism.SCRAM_SHA_256)))
                .all());
        assertThat(failure(admin.describeUserScramCredentials(List.of("carol")).value("carol")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
