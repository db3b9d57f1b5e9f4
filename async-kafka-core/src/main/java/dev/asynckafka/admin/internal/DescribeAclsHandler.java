package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.AclBinding;
import dev.asynckafka.admin.AclBindingFilter;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DescribeAclsRequest;
import dev.asynckafka.internal.protocol.message.DescribeAclsResponse;
import java.util.ArrayList;
import java.util.List;

/** DescribeAcls with one filter to any broker; the single item is the filter. */
public final class DescribeAclsHandler implements AdminHandler<AclBindingFilter, List<AclBinding>> {
    @Override
    public String name() {
        return "describing ACLs matching";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_ACLS;
    }

    @Override
    public Route route(AclBindingFilter key) {
        return Route.ANY;
    }

    @Override
    public boolean batches(short version) {
        return false;
    }

    @Override
    public ApiMessage request(List<AclBindingFilter> keys, short version) {
        AclBindingFilter f = keys.get(0);
        return new DescribeAclsRequest()
                .setResourceTypeFilter(f.resourceType().code())
                .setResourceNameFilter(f.resourceName())
                .setPatternTypeFilter(f.patternType().code())
                .setPrincipalFilter(f.principal())
                .setHostFilter(f.host())
                .setOperation(f.operation().code())
                .setPermissionType(f.permission().code());
    }

    @Override
    public void response(
            ApiMessage response,
            List<AclBindingFilter> keys,
            short version,
            Outcomes<AclBindingFilter, List<AclBinding>> outcomes) {
        DescribeAclsResponse r = (DescribeAclsResponse) response;
        AclBindingFilter key = keys.get(0);
        if (!outcomes.check(key, r.errorCode(), r.errorMessage())) {
            return;
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (DescribeAclsResponse.DescribeAclsResource resource : r.resources()) {
            for (DescribeAclsResponse.AclDescription acl : resource.acls()) {
                bindings.add(AclBinding.fromCodes(
                        resource.resourceType(),
                        resource.resourceName(),
                        resource.patternType(),
                        acl.principal(),
                        acl.host(),
                        acl.operation(),
                        acl.permissionType()));
            }
        }
        outcomes.succeed(key, List.copyOf(bindings));
    }
}
