package dev.asynckafka.internal.security;

import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslOptions;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** SASL/PLAIN (RFC 4616): one message, {@code \0user\0password}. */
final class PlainSaslClient implements SaslClient {
    private final String username;
    private final Password password;
    private boolean sent;

    PlainSaslClient(SaslOptions options) {
        this.username = Objects.requireNonNull(options.username());
        this.password = Objects.requireNonNull(options.password());
    }

    @Override
    public String mechanismName() {
        return "PLAIN";
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        sent = true;
        return CompletableFuture.completedFuture(
                ("\0" + username + "\0" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] evaluate(byte[] serverMessage) {
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return sent;
    }
}
