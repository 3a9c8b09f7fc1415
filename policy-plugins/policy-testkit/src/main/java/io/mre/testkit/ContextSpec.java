package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The context block of a test object (what each node judges against its own policy). Immutable: each
 * {@code withX} returns a copy.
 *
 * <pre>{@code
 * intent("claim.settle").step("pay", "payment.transfer")
 *         .context(c -> c.withTenant("acme").withOwnerDomain("insurer.example").withResidency("eu-west")
 *                 .withDeadline(Instant.parse("2026-01-06T00:00:00Z")).withLabel("vip", "true"));
 * }</pre>
 *
 * @param tenant the tenant the work belongs to
 * @param ownerDomain the trust domain that owns the object
 * @param dataClassification e.g. {@code confidential}; empty when unset
 * @param residencyRegions regions where the data may be processed; empty: anywhere
 * @param allowedDomains trust domains allowed to handle the object; empty: any
 * @param deadline when the object expires, if it does
 * @param maxHops maximum delegations, 0 for the node's default
 * @param priority higher runs first
 * @param cycleBudget maximum entries over the object's life, 0 for unlimited
 * @param labels free-form labels
 */
public record ContextSpec(
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
    public ContextSpec {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(ownerDomain, "ownerDomain is null");
        requireNonNull(dataClassification, "dataClassification is null");
        residencyRegions = List.copyOf(residencyRegions);
        allowedDomains = List.copyOf(allowedDomains);
        requireNonNull(deadline, "deadline is null");
        if (maxHops < 0 || cycleBudget < 0) {
            throw new IllegalArgumentException("maxHops and cycleBudget must be >= 0");
        }
        labels = Map.copyOf(labels);
    }

    /** Tenant {@code test-tenant} owned by {@code ownerDomain}, nothing else set. */
    public static ContextSpec ownedBy(String ownerDomain) {
        return new ContextSpec(
                "test-tenant", ownerDomain, "", List.of(), List.of(), Optional.empty(), 0, 0, 0, Map.of());
    }

    public ContextSpec withTenant(String tenant) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withOwnerDomain(String ownerDomain) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withClassification(String dataClassification) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    /** Replaces the residency regions. */
    public ContextSpec withResidency(String... regions) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                List.of(regions),
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    /** Replaces the allowed domains. */
    public ContextSpec withAllowedDomains(String... domains) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                List.of(domains),
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withDeadline(Instant deadline) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                Optional.of(deadline),
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withMaxHops(int maxHops) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withPriority(int priority) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    public ContextSpec withCycleBudget(int cycleBudget) {
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                labels);
    }

    /** Adds (or replaces) one label. */
    public ContextSpec withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new ContextSpec(
                tenant,
                ownerDomain,
                dataClassification,
                residencyRegions,
                allowedDomains,
                deadline,
                maxHops,
                priority,
                cycleBudget,
                l);
    }
}
