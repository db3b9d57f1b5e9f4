package dev.asynckafka.admin;

import java.util.Objects;

/**
 * An access control entry bound to a resource pattern: "principal may (or may not) do operation on
 * resources matching the pattern, from host".
 *
 * @param resourceType the kind of resource (not {@link ResourceType#ANY})
 * @param resourceName the resource's name, a prefix for {@link PatternType#PREFIXED}, or {@code *}
 *     for every resource of the type
 * @param patternType how {@code resourceName} matches ({@link PatternType#LITERAL} or {@link
 *     PatternType#PREFIXED})
 * @param principal the principal, such as {@code User:alice}
 * @param host the client host, or {@code *} for any
 * @param operation the operation allowed or denied (not {@link Operation#ANY})
 * @param permission {@link Permission#ALLOW} or {@link Permission#DENY}
 */
public record AclBinding(
        ResourceType resourceType,
        String resourceName,
        PatternType patternType,
        String principal,
        String host,
        Operation operation,
        Permission permission) {

    /** Kinds of resources ACLs protect, with their protocol codes. */
    public enum ResourceType {
        /** In filters: any type. */
        ANY(1),
        TOPIC(2),
        GROUP(3),
        CLUSTER(4),
        TRANSACTIONAL_ID(5),
        DELEGATION_TOKEN(6),
        USER(7);

        private final byte code;

        ResourceType(int code) {
            this.code = (byte) code;
        }

        /** The code of this value in the protocol. */
        public byte code() {
            return code;
        }

        /**
         * The value with the given protocol code.
         *
         * @throws IllegalArgumentException for a code this client does not know
         */
        public static ResourceType forCode(byte code) {
            for (ResourceType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Unknown ACL resource type code " + code);
        }
    }

    /** How a resource name matches, with protocol codes. */
    public enum PatternType {
        /** In filters: any pattern type, names compared literally. */
        ANY(1),
        /** In filters: every binding that would apply to the named resource (literal, wildcard, prefixes). */
        MATCH(2),
        /** The name is the resource's name ({@code *} for all). */
        LITERAL(3),
        /** The name is a prefix of resource names. */
        PREFIXED(4);

        private final byte code;

        PatternType(int code) {
            this.code = (byte) code;
        }

        /** The code of this value in the protocol. */
        public byte code() {
            return code;
        }

        /**
         * The value with the given protocol code.
         *
         * @throws IllegalArgumentException for a code this client does not know
         */
        public static PatternType forCode(byte code) {
            for (PatternType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Unknown ACL pattern type code " + code);
        }
    }

    /** Operations ACLs allow or deny, with protocol codes. */
    public enum Operation {
        /** In filters: any operation. */
        ANY(1),
        ALL(2),
        READ(3),
        WRITE(4),
        CREATE(5),
        DELETE(6),
        ALTER(7),
        DESCRIBE(8),
        CLUSTER_ACTION(9),
        DESCRIBE_CONFIGS(10),
        ALTER_CONFIGS(11),
        IDEMPOTENT_WRITE(12),
        CREATE_TOKENS(13),
        DESCRIBE_TOKENS(14),
        TWO_PHASE_COMMIT(15);

        private final byte code;

        Operation(int code) {
            this.code = (byte) code;
        }

        /** The code of this value in the protocol. */
        public byte code() {
            return code;
        }

        /**
         * The value with the given protocol code.
         *
         * @throws IllegalArgumentException for a code this client does not know
         */
        public static Operation forCode(byte code) {
            for (Operation o : values()) {
                if (o.code == code) {
                    return o;
                }
            }
            throw new IllegalArgumentException("Unknown ACL operation code " + code);
        }
    }

    /** Whether an entry allows or denies, with protocol codes. */
    public enum Permission {
        /** In filters: either. */
        ANY(1),
        DENY(2),
        ALLOW(3);

        private final byte code;

        Permission(int code) {
            this.code = (byte) code;
        }

        /** The code of this value in the protocol. */
        public byte code() {
            return code;
        }

        /**
         * The value with the given protocol code.
         *
         * @throws IllegalArgumentException for a code this client does not know
         */
        public static Permission forCode(byte code) {
            for (Permission p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("Unknown ACL permission code " + code);
        }
    }

    public AclBinding {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
        if (resourceType == ResourceType.ANY
                || patternType == PatternType.ANY
                || patternType == PatternType.MATCH
                || operation == Operation.ANY
                || permission == Permission.ANY) {
            throw new IllegalArgumentException("ANY and MATCH belong in filters, not in a binding: " + this);
        }
    }

    /** A literal binding allowing {@code operation} on the named resource to {@code principal} from any host. */
    public static AclBinding allow(ResourceType type, String name, String principal, Operation operation) {
        return new AclBinding(type, name, PatternType.LITERAL, principal, "*", operation, Permission.ALLOW);
    }

    /**
     * A binding from its protocol codes (as brokers return them).
     *
     * @throws IllegalArgumentException for a code this client does not know
     */
    public static AclBinding fromCodes(
            byte resourceType,
            String resourceName,
            byte patternType,
            String principal,
            String host,
            byte operation,
            byte permission) {
        return new AclBinding(
                ResourceType.forCode(resourceType),
                resourceName,
                PatternType.forCode(patternType),
                principal,
                host,
                Operation.forCode(operation),
                Permission.forCode(permission));
    }
}
