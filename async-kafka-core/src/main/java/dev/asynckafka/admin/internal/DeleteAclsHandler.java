package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.AclBinding;
import dev.asynckafka.admin.AclBindingFilter;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DeleteAclsRequest;
import dev.asynckafka.internal.protocol.message.DeleteAclsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * DeleteAcls to any broker; an item is a filter, its value the bindings it deleted. Results come
 * back in the order of the request.
 */
public final class DeleteAclsHandler implements AdminHandler<AclBindingFilter, List<AclBinding>> {
    @Override
    public String name() {
        return "deleting ACLs matching";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_ACLS;
    }

    @Override
    public Route route(AclBindingFilter key) {
        return Route.ANY;
    }

    @Override
    public ApiMessage request(List<AclBindingFilter> keys, short version) {
        List<DeleteAclsRequest.DeleteAclsFilter> list = new ArrayList<>();
        for (AclBindingFilter f : keys) {
            list.add(new DeleteAclsRequest.DeleteAclsFilter()
                    .setResourceTypeFilter(f.resourceType().code())
                    .setResourceNameFilter(f.resourceName())
                    .setPatternTypeFilter(f.patternType().code())
                    .setPrincipalFilter(f.principal())
                    .setHostFilter(f.host())
                    .setOperation(f.operation().code())
                    .setPermissionType(f.permission().code()));
        }
        return new DeleteAclsRequest().setFilters(list);
    }

    @Override
    public void response(
            ApiMessage response,
            List<AclBindingFilter> keys,
            short version,
            Outcomes<AclBindingFilter, List<AclBinding>> outcomes) {
        List<DeleteAclsResponse.DeleteAclsFilterResult> results = ((DeleteAclsResponse) response).filterResults();
        for (int i = 0; i < Math.min(results.size(), keys.size()); i++) {
            DeleteAclsResponse.DeleteAclsFilterResult r = results.get(i);
            AclBindingFilter key = keys.get(i);
            if (!outcomes.check(key, r.errorCode(), r.errorMessage())) {
                continue;
            }
            List<AclBinding> deleted = new ArrayList<>();
            boolean failed = false;
            for (DeleteAclsResponse.DeleteAclsMatchingAcl m : r.matchingAcls()) {
                if (!outcomes.check(key, m.errorCode(), m.errorMessage())) {
                    failed = true;
                    break;
                }
                deleted.add(AclBinding.fromCodes(
                        m.resourceType(),
                        m.resourceName(),
                        m.patternType(),
                        m.principal(),
                        m.host(),
                        m.operation(),
                        m.permissionType()));
            }
            if (!failed) {
                outcomes.succeed(key, List.copyOf(deleted));
            }
        }
    }
}
