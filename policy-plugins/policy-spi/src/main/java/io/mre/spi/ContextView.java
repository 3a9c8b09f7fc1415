package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The context block, which each node judges against its own policy.
 *
 * @param tenant the tenant the work belongs to
 * @param ownerDomain the trust domain that owns the object
 * @param dataClassification e.g. {@code public}, {@code confidential}; empty when unset
 * @param residencyRegions regions where the data may be processed; empty: anywhere
 * @param allowedDomains trust domains allowed to handle the object; empty: any trusted domain
 * @param deadline when the object expires, if it does
 * @param maxHops maximum delegations, 0 for the node's default
 * @param priority higher runs first
 * @param cycleBudget maximum entries over the object's life, 0 for unlimited
 * @param labels free-form labels
 */
public record ContextView(
        String tenant,
        String ownerDomain,
        String dataClassification,
        List<String> residencyRegions,
        List<String> allowedDomains,
        Optional<Instant> deadline,
        int maxHops,
        int priority,
        int cycleBudget,
        Map<String, String> labels) {
    public ContextView {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(ownerDomain, "ownerDomain is null");
        requireNonNull(dataClassification, "dataClassification is null");
        residencyRegions = List.copyOf(residencyRegions);
        allowedDomains = List.copyOf(allowedDomains);
        requireNonNull(deadline, "deadline is null");
        labels = Map.copyOf(labels);
    }
}
