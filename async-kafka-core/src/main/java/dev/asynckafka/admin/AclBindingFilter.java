package dev.asynckafka.admin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Selects ACL bindings for {@link AsyncKafkaAdmin#describeAcls(AclBindingFilter)} and {@link
 * AsyncKafkaAdmin#deleteAcls(java.util.Collection)}: {@code null} and the {@code ANY} values match
 * everything.
 *
 * @param resourceType the resource type, or {@link AclBinding.ResourceType#ANY}
 * @param resourceName the resource name, or {@code null} for any
 * @param patternType {@link AclBinding.PatternType#ANY}, {@link AclBinding.PatternType#MATCH}, or
 *     one pattern type
 * @param principal the principal, or {@code null} for any
 * @param host the host, or {@code null} for any
 * @param operation the operation, or {@link AclBinding.Operation#ANY}
 * @param permission the permission, or {@link AclBinding.Permission#ANY}
 */
public record AclBindingFilter(
        AclBinding.ResourceType resourceType,
        @Nullable String resourceName,
        AclBinding.PatternType patternType,
        @Nullable String principal,
        @Nullable String host,
        AclBinding.Operation operation,
        AclBinding.Permission permission) {

    /** Matches every binding. */
    public static final AclBindingFilter ANY = new AclBindingFilter(
            AclBinding.ResourceType.ANY,
            null,
            AclBinding.PatternType.ANY,
            null,
            null,
            AclBinding.Operation.ANY,
            AclBinding.Permission.ANY);

    public AclBindingFilter {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /** Matches exactly this binding. */
    public static AclBindingFilter of(AclBinding b) {
        return new AclBindingFilter(
                b.resourceType(),
                b.resourceName(),
                b.patternType(),
                b.principal(),
                b.host(),
                b.operation(),
                b.permission());
    }

    /** Every binding of a principal. */
    public static AclBindingFilter forPrincipal(String principal) {
        return new AclBindingFilter(
                AclBinding.ResourceType.ANY,
                null,
                AclBinding.PatternType.ANY,
                Objects.requireNonNull(principal, "principal"),
                null,
                AclBinding.Operation.ANY,
                AclBinding.Permission.ANY);
    }
}
