package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ScramCredentialInfo;
import dev.asynckafka.admin.ScramMechanism;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DescribeUserScramCredentialsRequest;
import dev.asynckafka.internal.protocol.message.DescribeUserScramCredentialsResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeUserScramCredentials to any broker. An item is a user name; with {@code all}, the single
 * item is the operation's name and its value every user's credentials.
 */
public final class DescribeScramCredentialsHandler
        implements AdminHandler<String, Map<String, List<ScramCredentialInfo>>> {
    private final boolean all;

    public DescribeScramCredentialsHandler(boolean all) {
        this.all = all;
    }

    @Override
    public String name() {
        return "describing SCRAM credentials of";
    }

    @Override
    public String describe(String key) {
        return all ? "all users" : "user " + key;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public Route route(String key) {
        return Route.ANY;
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        if (all) {
            return new DescribeUserScramCredentialsRequest().setUsers(null);
        }
        List<DescribeUserScramCredentialsRequest.UserName> users = new ArrayList<>();
        for (String u : keys) {
            users.add(new DescribeUserScramCredentialsRequest.UserName().setName(u));
        }
        return new DescribeUserScramCredentialsRequest().setUsers(users);
    }

    @Override
    public void response(
            ApiMessage response,
            List<String> keys,
            short version,
            Outcomes<String, Map<String, List<ScramCredentialInfo>>> outcomes) {
        DescribeUserScramCredentialsResponse r = (DescribeUserScramCredentialsResponse) response;
        Map<String, List<ScramCredentialInfo>> users = new LinkedHashMap<>();
        for (DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult u : r.results()) {
            if (!all && !outcomes.check(u.user(), u.errorCode(), u.errorMessage())) {
                continue;
            }
            List<ScramCredentialInfo> infos = new ArrayList<>();
            for (DescribeUserScramCredentialsResponse.CredentialInfo c : u.credentialInfos()) {
                infos.add(new ScramCredentialInfo(ScramMechanism.forCode(c.mechanism()), c.iterations()));
            }
            if (all) {
                users.put(u.user(), List.copyOf(infos));
            } else {
                outcomes.succeed(u.user(), Map.of(u.user(), List.copyOf(infos)));
            }
        }
        if (all && outcomes.check(keys.get(0), r.errorCode(), r.errorMessage())) {
            outcomes.succeed(keys.get(0), Collections.unmodifiableMap(users));
        } else if (!all) {
            for (String k : keys) {
                // A top-level error (not authorized, ...) is every user's.
                outcomes.check(k, r.errorCode(), r.errorMessage());
            }
        }
    }
}
