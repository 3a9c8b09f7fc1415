package io.mre.node.callers;

import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import java.util.List;
import java.util.Optional;

/**
 * The rule a node applies when local policy says nothing: the object's owner domain and its origin domain may ask
 * for everything; a signal may also come from a domain that a pending condition for that signal names in its
 * {@code signal_from_domains}. An empty {@code signal_from_domains} admits no extra domain here (it means "any
 * domain" among the callers the node admits).
 */
final class DefaultCallerRule {
    private DefaultCallerRule() {}

    /** Why the rule admits the caller, or empty when it does not. */
    static Optional<String> admits(CallerView caller, ClientRequest request, Optional<String> signalName,
            String ownerDomain, String originDomain, List<ReentryCondition> pending) {
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
                        && c.getSignal().equals(signalName.get()) && c.getSignalFromDomainsList().contains(domain)) {
                    return Optional.of("a pending condition awaits signal '" + signalName.get() + "' from "
                            + domain);
                }
            }
        }
        return Optional.empty();
    }
}
