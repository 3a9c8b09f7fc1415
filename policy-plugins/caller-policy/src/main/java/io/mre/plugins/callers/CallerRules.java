package io.mre.plugins.callers;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.ClientRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Allows or denies listed callers ({@code name@domain} globs) per request, optionally only for objects owned by
 * listed domains. A deny wins over an allow; a caller no rule names is left to the node's default rule.
 * Immutable, so thread-safe.
 */
final class CallerRules implements CallerAuthorizer {
    private final String name;
    private final Map<ClientRequest, Glob> allow;
    private final Map<ClientRequest, Glob> deny;
    private final Optional<Glob> owners;

    CallerRules(String name, Map<ClientRequest, Glob> allow, Map<ClientRequest, Glob> deny, Optional<Glob> owners) {
        this.name = requireNonNull(name, "name is null");
        this.allow = Map.copyOf(allow);
        this.deny = Map.copyOf(deny);
        this.owners = requireNonNull(owners, "owners is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CallerVerdict authorize(CallerQuery query) {
        String owner = query.object().context().ownerDomain();
        if (owners.isPresent() && !owners.get().matches(owner)) {
            return CallerVerdict.abstain();
        }
        String caller = query.caller().toString();
        String request = query.request().name().toLowerCase(java.util.Locale.ROOT);
        Glob denied = deny.get(query.request());
        if (denied != null && denied.matches(caller)) {
            return CallerVerdict.deny(request + " is denied to " + denied);
        }
        Glob allowed = allow.get(query.request());
        if (allowed != null && allowed.matches(caller)) {
            return CallerVerdict.allow(request + " is allowed to " + allowed);
        }
        return CallerVerdict.abstain();
    }
}
