package io.mre.plugins.trustdomain;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CandidateAction;
import io.mre.spi.EntryView;
import io.mre.spi.Evaluation;
import io.mre.spi.ObjectView;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.util.Optional;

/**
 * Accepts objects only from listed domains and delegates only to listed domains. Whatever the candidate, an
 * object whose origin or owner domain is not accepted (or whose history holds an entry written by a domain not
 * accepted) is refused; a delegation to a peer outside {@code delegateTo} is refused. Immutable, so thread-safe.
 */
final class TrustDomainPolicy implements Policy {
    private final String name;
    private final Optional<Glob> acceptFrom;
    private final Optional<Glob> acceptEntriesFrom;
    private final Optional<Glob> delegateTo;

    TrustDomainPolicy(
            String name, Optional<Glob> acceptFrom, Optional<Glob> acceptEntriesFrom, Optional<Glob> delegateTo) {
        this.name = requireNonNull(name, "name is null");
        this.acceptFrom = requireNonNull(acceptFrom, "acceptFrom is null");
        this.acceptEntriesFrom = requireNonNull(acceptEntriesFrom, "acceptEntriesFrom is null");
        this.delegateTo = requireNonNull(delegateTo, "delegateTo is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        ObjectView object = evaluation.object();
        String self = evaluation.node().trustDomain();
        if (acceptFrom.isPresent()) {
            Glob accepted = acceptFrom.get();
            if (!accepts(accepted, self, object.originDomain())) {
                return Verdict.reject("objects from domain '" + object.originDomain() + "' are not accepted here"
                        + " (acceptFrom " + accepted + ")");
            }
            String owner = object.context().ownerDomain();
            if (!owner.isEmpty() && !accepts(accepted, self, owner)) {
                return Verdict.reject(
                        "objects owned by domain '" + owner + "' are not accepted here (acceptFrom " + accepted + ")");
            }
        }
        if (acceptEntriesFrom.isPresent()) {
            for (EntryView e : object.history()) {
                if (!accepts(acceptEntriesFrom.get(), self, e.trustDomain())) {
                    return Verdict.reject("entry " + e.seq() + " was written by domain '" + e.trustDomain()
                            + "', which is not accepted here (acceptEntriesFrom " + acceptEntriesFrom.get() + ")");
                }
            }
        }
        if (evaluation.candidate() instanceof CandidateAction.Delegate d
                && delegateTo.isPresent()
                && !accepts(delegateTo.get(), self, d.peer().trustDomain())) {
            return Verdict.reject("delegation to domain '" + d.peer().trustDomain() + "' ("
                    + d.peer().nodeId() + ") is not allowed (delegateTo " + delegateTo.get() + ")");
        }
        return Verdict.permit("trusted domains");
    }

    private static boolean accepts(Glob glob, String self, String domain) {
        return domain.equals(self) || glob.matches(domain);
    }
}
