package dev.asynckafka.admin;

import java.util.Objects;

/**
 * One SCRAM credential of a user, as the broker describes it (never the secret).
 *
 * @param mechanism the mechanism it is for
 * @param iterations the PBKDF2 iteration count it was salted with
 */
public record ScramCredentialInfo(ScramMechanism mechanism, int iterations) {
    public ScramCredentialInfo {
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
