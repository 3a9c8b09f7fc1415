package io.mre.engine.decide;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Who may ask a node about an object (docs/operating-a-node.md, "Callers"): the default rule, and how the caller
 * authorizers of local policy combine with it. Shared by the node and the policy test kit, so a plugin author's
 * test decides exactly as a node does. Stateless.
 */
public final class CallerRule {
    private CallerRule() {}

    /** What was decided, and why (the reason a refused caller reads). */
    public record Decision(boolean admitted, String reason) {
        public Decision {
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * The default rule: the object's owner domain and its origin domain may ask for everything; a signal may also
     * come from a domain that a pending condition for that signal names in its {@code signal_from_domains}. An empty
     * {@code signal_from_domains} admits no extra domain here (it means "any domain" among the callers the node
     * admits).
     *
     * @return why the rule admits the caller, or empty when it does not
     */
    public static Optional<String> admitsByDefault(
            CallerView caller,
            ClientRequest request,
            Optional<String> signalName,
            String ownerDomain,
            String originDomain,
            List<ReentryCondition> pending) {
        String domain = caller.trustDomain();
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        if (domain.equals(ownerDomain)) {
            return Optional.of("the caller's domain owns the object");
        }
        if (domain.equals(originDomain)) {
            return Optional.of("the caller's domain created the object");
        }
        if (request == ClientRequest.SIGNAL && signalName.isPresent()) {
            for (ReentryCondition c : pending) {
                if (c.getConditionCase() == ReentryCondition.ConditionCase.SIGNAL
                        && c.getSignal().equals(signalName.get())
                        && c.getSignalFromDomainsList().contains(domain)) {
                    return Optional.of("a pending condition awaits signal '" + signalName.get() + "' from " + domain);
                }
            }
        }
        return Optional.empty();
    }

    /** Why the default rule refuses a caller of {@code request}. */
    public static String refusedByDefault(ClientRequest request, String ownerDomain, String originDomain) {
        String domains = ownerDomain.isEmpty() || ownerDomain.equals(originDomain)
                ? "'" + originDomain + "'"
                : "'" + ownerDomain + "' (owner) or '" + originDomain + "' (origin)";
        return "only callers of " + domains
                + (request == ClientRequest.SIGNAL ? ", or of a domain a pending condition for this signal names," : "")
                + " may, unless this node's caller policy admits others";
    }

    /**
     * Asks every authorizer in order: any DENY refuses; else any ALLOW admits; else the default rule decides
     * ({@code byDefault} when it admits, else {@code refusal}). An authorizer that throws or answers {@code null}
     * refuses at once (fail closed); a throw is reported to {@code onFailure} first (the node logs it).
     */
    public static Decision combine(
            List<? extends CallerAuthorizer> authorizers,
            CallerQuery query,
            Optional<String> byDefault,
            String refusal,
            BiConsumer<CallerAuthorizer, Throwable> onFailure) {
        Optional<String> allowedBy = Optional.empty();
        for (CallerAuthorizer a : authorizers) {
            CallerVerdict v;
            try {
                v = a.authorize(query);
            } catch (RuntimeException | LinkageError e) {
                onFailure.accept(a, e);
                return new Decision(
                        false,
                        "caller policy '" + a.name() + "' failed ("
                                + e.getClass().getSimpleName() + "); refused");
            }
            if (v == null) {
                return new Decision(false, "caller policy '" + a.name() + "' gave no verdict; refused");
            }
            switch (v.decision()) {
                case DENY -> {
                    return new Decision(
                            false,
                            "caller policy '" + a.name() + "' denies it"
                                    + (v.reason().isBlank() ? "" : ": " + v.reason()));
                }
                case ALLOW ->
                    allowedBy = allowedBy.or(() -> Optional.of("caller policy '" + a.name() + "' allows it"
                            + (v.reason().isBlank() ? "" : ": " + v.reason())));
                case ABSTAIN -> {}
            }
        }
        if (allowedBy.isPresent()) {
            return new Decision(true, allowedBy.get());
        }
        return byDefault.map(why -> new Decision(true, why)).orElseGet(() -> new Decision(false, refusal));
    }
}
