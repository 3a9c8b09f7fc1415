package io.mre.plugins.trustdomain;

import io.mre.plugins.support.Glob;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.util.List;
import java.util.Optional;

/**
 * Creates the {@code trust-domain} policy.
 *
 * <pre>{@code
 * - name: trust-domain
 *   settings:
 *     acceptFrom: [insurer.example, "*.partner.example"]   # origin/owner domains whose objects this node accepts
 *     acceptEntriesFrom: [insurer.example, bureau.example] # domains allowed to have written the history
 *     delegateTo: [bureau.example, reinsurer.example]      # domains this node may hand objects to
 * }</pre>
 *
 * Each list is optional (absent: no restriction) but at least one must be given. The node's own domain is
 * always accepted. Domains may be globs ({@code *}, {@code ?}).
 */
public final class TrustDomainPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "trust-domain";

    static final String ACCEPT_FROM = "acceptFrom";
    static final String ACCEPT_ENTRIES_FROM = "acceptEntriesFrom";
    static final String DELEGATE_TO = "delegateTo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly(ACCEPT_FROM, ACCEPT_ENTRIES_FROM, DELEGATE_TO);
        if (!settings.values().containsKey(ACCEPT_FROM)
                && !settings.values().containsKey(ACCEPT_ENTRIES_FROM)
                && !settings.values().containsKey(DELEGATE_TO)) {
            throw new InvalidSettingsException(settings.owner() + ": set at least one of '" + ACCEPT_FROM + "', '"
                    + ACCEPT_ENTRIES_FROM + "' or '" + DELEGATE_TO + "'");
        }
        return new TrustDomainPolicy(
                NAME,
                domains(settings, ACCEPT_FROM),
                domains(settings, ACCEPT_ENTRIES_FROM),
                domains(settings, DELEGATE_TO));
    }

    /** The domains of {@code key}; empty when the key is absent (no restriction). */
    private static Optional<Glob> domains(PluginSettings settings, String key) {
        if (!settings.values().containsKey(key)) {
            return Optional.empty();
        }
        List<String> list = settings.strings(key);
        if (list.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key
                    + "' must list at least one domain (leave it out for no restriction)");
        }
        try {
            return Optional.of(Glob.of(list));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "': " + e.getMessage());
        }
    }
}
