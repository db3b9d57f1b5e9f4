package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ScramCredentialAlteration;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.AlterUserScramCredentialsRequest;
import dev.asynckafka.internal.protocol.message.AlterUserScramCredentialsResponse;
import dev.asynckafka.internal.security.Scram;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * AlterUserScramCredentials to the controller; an item is a user name (with all its alterations).
 * Upsertions carry the salted password (RFC 5802 {@code Hi}), computed once with a fresh salt so
 * that retries send the same credential.
 */
public final class AlterScramCredentialsHandler implements AdminHandler<String, Void> {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 32;

    private final Map<String, List<ScramCredentialAlteration>> byUser;
    private final Map<ScramCredentialAlteration.Upsertion, byte[][]> salted = new java.util.HashMap<>();

    /**
     * @throws KafkaException if the JDK lacks the PBKDF2 algorithm
     */
    public AlterScramCredentialsHandler(Map<String, List<ScramCredentialAlteration>> byUser) {
        this.byUser = byUser;
        for (List<ScramCredentialAlteration> list : byUser.values()) {
            for (ScramCredentialAlteration a : list) {
                if (a instanceof ScramCredentialAlteration.Upsertion u) {
                    byte[] salt = new byte[SALT_BYTES];
                    RANDOM.nextBytes(salt);
                    char[] password = u.password().chars();
                    try {
                        salted.put(u, new byte[][] {
                            salt, Scram.saltedPassword(u.mechanism().bits(), password, salt, u.iterations())
                        });
                    } catch (GeneralSecurityException e) {
                        throw new KafkaException("Cannot compute the SCRAM credential: " + e.getMessage(), e);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "altering SCRAM credentials of user";
    }

    @Override
    public ApiKey api() {
        return ApiKey.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public Route route(String key) {
        return Route.CONTROLLER;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        List<AlterUserScramCredentialsRequest.ScramCredentialDeletion> deletions = new ArrayList<>();
        List<AlterUserScramCredentialsRequest.ScramCredentialUpsertion> upsertions = new ArrayList<>();
        for (String user : keys) {
            for (ScramCredentialAlteration a : byUser.get(user)) {
                if (a instanceof ScramCredentialAlteration.Upsertion u) {
                    byte[][] s = salted.get(u);
                    upsertions.add(new AlterUserScramCredentialsRequest.ScramCredentialUpsertion()
                            .setName(user)
                            .setMechanism(u.mechanism().code())
                            .setIterations(u.iterations())
                            .setSalt(s[0])
                            .setSaltedPassword(s[1]));
                } else {
                    deletions.add(new AlterUserScramCredentialsRequest.ScramCredentialDeletion()
                            .setName(user)
                            .setMechanism(a.mechanism().code()));
                }
            }
        }
        return new AlterUserScramCredentialsRequest().setDeletions(deletions).setUpsertions(upsertions);
    }

    @Override
    public void response(ApiMessage response, List<String> keys, short version, Outcomes<String, Void> outcomes) {
        for (AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult r :
                ((AlterUserScramCredentialsResponse) response).results()) {
            if (outcomes.check(r.user(), r.errorCode(), r.errorMessage())) {
                outcomes.succeed(r.user(), null);
            }
        }
    }
}
