package dev.asynckafka.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.security.OAuthBearerToken;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SaslClientTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void scramSha256MatchesTheRfc7677Example() {
        ScramSaslClient client = new ScramSaslClient(
                SaslOptions.scramSha256("user", Password.of("pencil")),
                ScramSaslClient.Algorithm.SHA_256,
                "rOprNGfwEbeRWgbNEkqO");
        assertThat(text(client.initialResponse().join())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal =
                client.evaluate("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(text(clientFinal))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(client.isComplete()).isFalse();
        client.evaluate("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8));
        assertThat(client.isComplete()).isTrue();
    }

    @Test
    void scramRejectsAServerThatDoesNotKnowThePassword() {
        ScramSaslClient client = new ScramSaslClient(
                SaslOptions.scramSha256("user", Password.of("pencil")),
                ScramSaslClient.Algorithm.SHA_256,
                "rOprNGfwEbeRWgbNEkqO");
        client.initialResponse().join();
        client.evaluate("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.evaluate(
                        "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("signature")
                .hasMessageNotContaining("pencil");
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void scramRefusesDowngradesAndForeignNonces() {
        ScramSaslClient weak = new ScramSaslClient(
                SaslOptions.scramSha512("user", Password.of("pencil")), ScramSaslClient.Algorithm.SHA_512, "abc");
        weak.initialResponse().join();
        assertThatThrownBy(() -> weak.evaluate("r=abcdef,s=QSXCR+Q6sek8bf92,i=100".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("iteration");
        ScramSaslClient foreign = new ScramSaslClient(
                SaslOptions.scramSha512("user", Password.of("pencil")), ScramSaslClient.Algorithm.SHA_512, "abc");
        foreign.initialResponse().join();
        assertThatThrownBy(
                        () -> foreign.evaluate("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("nonce");
    }

    @Test
    void scramEscapesUserNames() {
        assertThat(ScramSaslClient.saslName("a=b,c")).isEqualTo("a=3Db=2Cc");
    }

    @Test
    void plainSendsUserAndPasswordOnce() {
        SaslClient plain = SaslClient.create(SaslOptions.plain("alice", Password.of("s3cret")));
        assertThat(text(plain.initialResponse().join())).isEqualTo("\0alice\0s3cret");
        assertThat(plain.isComplete()).isTrue();
    }

    @Test
    void oauthBearerFramesTokenAndExtensions() {
        OAuthBearerToken token =
                new OAuthBearerToken("abc.def.", Instant.now().plusSeconds(60), Map.of("cluster", "c1"));
        SaslClient client = SaslClient.create(SaslOptions.oauthBearer(() -> CompletableFuture.completedFuture(token)));
        assertThat(text(client.initialResponse().join()))
                .isEqualTo("n,,\u0001auth=Bearer abc.def.\u0001cluster=c1\u0001\u0001");
        assertThat(client.evaluate(new byte[0])).isEmpty();
        assertThat(client.isComplete()).isTrue();
        assertThat(token.toString()).doesNotContain("abc.def.");
    }

    @Test
    void oauthBearerAcknowledgesAnErrorChallenge() {
        OAuthBearerToken token = new OAuthBearerToken("t", Instant.now().plusSeconds(60), Map.of());
        SaslClient client = SaslClient.create(SaslOptions.oauthBearer(() -> CompletableFuture.completedFuture(token)));
        client.initialResponse().join();
        assertThat(client.evaluate("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(1);
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void failingTokenProviderFailsAuthentication() {
        SaslClient client = SaslClient.create(
                SaslOptions.oauthBearer(() -> CompletableFuture.failedFuture(new IllegalStateException("idp down"))));
        assertThat(client.initialResponse())
                .failsWithin(java.time.Duration.ofSeconds(1))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(SaslAuthenticationException.class)
                .withMessageContaining("idp down");
    }

    @Test
    void passwordsNeverPrint() {
        SaslOptions options = SaslOptions.scramSha512("bob", Password.of("hunter2"));
        assertThat(options.toString()).contains("bob").doesNotContain("hunter2");
        assertThat(Password.of("hunter2").toString()).isEqualTo("[hidden]");
    }
}
