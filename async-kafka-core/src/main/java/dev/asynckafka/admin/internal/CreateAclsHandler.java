package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.AclBinding;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.CreateAclsRequest;
import dev.asynckafka.internal.protocol.message.CreateAclsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * CreateAcls to any broker (KRaft brokers forward to the controller); an item is a binding. Results
 * come back in the order of the request.
 */
public final class CreateAclsHandler implements AdminHandler<AclBinding, Void> {
    @Override
    public String name() {
        return "creating ACL";
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_ACLS;
    }

    @Override
    public Route route(AclBinding key) {
        return Route.ANY;
    }

    @Override
    public ApiMessage request(List<AclBinding> keys, short version) {
        List<CreateAclsRequest.AclCreation> list = new ArrayList<>();
        for (AclBinding b : keys) {
            list.add(new CreateAclsRequest.AclCreation()
                    .setResourceType(b.resourceType().code())
                    .setResourceName(b.resourceName())
                    .setResourcePatternType(b.patternType().code())
                    .setPrincipal(b.principal())
                    .setHost(b.host())
                    .setOperation(b.operation().code())
                    .setPermissionType(b.permission().code()));
        }
        return new CreateAclsRequest().setCreations(list);
    }

    @Override
    public void response(
            ApiMessage response, List<AclBinding> keys, short version, Outcomes<AclBinding, Void> outcomes) {
        List<CreateAclsResponse.AclCreationResult> results = ((CreateAclsResponse) response).results();
        for (int i = 0; i < Math.min(results.size(), keys.size()); i++) {
            CreateAclsResponse.AclCreationResult r = results.get(i);
            if (outcomes.check(keys.get(i), r.errorCode(), r.errorMessage())) {
                outcomes.succeed(keys.get(i), null);
            }
        }
    }
}
