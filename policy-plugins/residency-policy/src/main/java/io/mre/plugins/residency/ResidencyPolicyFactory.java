package io.mre.plugins.residency;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the {@code residency} policy.
 *
 * <pre>{@code
 * - name: residency
 *   settings:
 *     regionLabel: region                        # node/peer label holding the region (default "region")
 *     classifications: [confidential, restricted] # classifications that must stay in their regions
 *                                                # (default these two; "*" for every classification)
 *     mode: constrain                            # reject (default) or constrain local work outside the regions
 * }</pre>
 */
public final class ResidencyPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "residency";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("regionLabel", "classifications", "mode");
        String label = settings.string("regionLabel", "region").trim();
        if (label.isEmpty() || label.contains("=")) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'regionLabel' must be a label key, got '" + label + "'");
        }
        List<String> listed = settings.values().containsKey("classifications")
                ? settings.strings("classifications")
                : List.of("confidential", "restricted");
        if (listed.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'classifications' is empty; list at"
                    + " least one classification (or \"*\")");
        }
        Set<String> classifications =
                listed.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ResidencyPolicy.Mode mode =
                switch (settings.string("mode", "reject").trim().toLowerCase(Locale.ROOT)) {
                    case "reject" -> ResidencyPolicy.Mode.REJECT;
                    case "constrain" -> ResidencyPolicy.Mode.CONSTRAIN;
                    default ->
                        throw new InvalidSettingsException(settings.owner() + ": setting 'mode' must be reject or"
                                + " constrain, got '" + settings.string("mode") + "'");
                };
        return new ResidencyPolicy(NAME, label, classifications, mode);
    }
}
