package dev.asynckafka.admin;

import dev.asynckafka.internal.security.Scram;
import dev.asynckafka.security.Password;
import java.util.Objects;

/** A change to a user's SCRAM credentials for {@link AsyncKafkaAdmin#alterUserScramCredentials(java.util.List)}. */
public sealed interface ScramCredentialAlteration {
    /** The user whose credential changes. */
    String user();

    /** The mechanism whose credential changes. */
    ScramMechanism mechanism();

    /**
     * Creates or replaces a credential. The password is salted and hashed here (RFC 5802's {@code
     * Hi}); only the salted password travels to the broker.
     *
     * @param user the user name
     * @param mechanism the mechanism
     * @param iterations the PBKDF2 iteration count, 4096 to 16384 (Kafka's bounds)
     * @param password the password
     */
    record Upsertion(String user, ScramMechanism mechanism, int iterations, Password password)
            implements ScramCredentialAlteration {
        public Upsertion {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("user must not be empty");
            }
            if (iterations < Scram.MIN_ITERATIONS || iterations > Scram.MAX_ITERATIONS) {
                throw new IllegalArgumentException("SCRAM iterations must be " + Scram.MIN_ITERATIONS + " to "
                        + Scram.MAX_ITERATIONS + ", was " + iterations);
            }
        }
    }

    /**
     * Deletes a credential.
     *
     * @param user the user name
     * @param mechanism the mechanism whose credential goes
     */
    record Deletion(String user, ScramMechanism mechanism) implements ScramCredentialAlteration {
        public Deletion {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(mechanism, "mechanism");
        }
    }
}
