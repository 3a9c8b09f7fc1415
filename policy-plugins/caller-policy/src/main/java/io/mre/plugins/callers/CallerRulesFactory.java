package io.mre.plugins.callers;

import io.mre.plugins.support.Glob;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerAuthorizerFactory;
import io.mre.spi.ClientRequest;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the {@code caller-rules} caller authorizer.
 *
 * <pre>{@code
 * plugins:
 *   callers:
 *     - name: caller-rules
 *       settings:
 *         allow:                                   # widen: admit these callers to these requests
 *           get: ["auditor@regulator.example"]
 *           watch: ["auditor@regulator.example"]
 *         deny:                                    # narrow: refuse them, whatever else admits them
 *           cancel: ["*@insurer.example"]
 *           signal: ["batch@insurer.example"]
 *         owners: [insurer.example]                # optional: apply only to objects owned by these domains
 * }</pre>
 *
 * Requests: {@code submit}, {@code evaluate}, {@code get}, {@code watch}, {@code signal}, {@code cancel}, or
 * {@code "*"} for all of them. A caller is {@code name@domain} (the CN and O of its client certificate); a pattern
 * without {@code @} names a whole domain; {@code *} and {@code ?} are globs. At least one of {@code allow} and
 * {@code deny} must be given.
 */
public final class CallerRulesFactory implements CallerAuthorizerFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "caller-rules";

    static final String ALLOW = "allow";
    static final String DENY = "deny";
    static final String OWNERS = "owners";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CallerAuthorizer create(PluginSettings settings) {
        settings.requireOnly(ALLOW, DENY, OWNERS);
        Map<ClientRequest, Glob> allow = rules(settings, ALLOW);
        Map<ClientRequest, Glob> deny = rules(settings, DENY);
        if (allow.isEmpty() && deny.isEmpty()) {
            throw new InvalidSettingsException(
                    settings.owner() + ": set '" + ALLOW + "' or '" + DENY + "' (request: [name@domain, ...])");
        }
        Optional<Glob> owners = Optional.empty();
        if (settings.values().containsKey(OWNERS)) {
            List<String> list = settings.strings(OWNERS);
            if (list.isEmpty()) {
                throw new InvalidSettingsException(settings.owner() + ": setting '" + OWNERS
                        + "' must list at least one domain (leave it out for every object)");
            }
            owners = Optional.of(glob(settings, OWNERS, list));
        }
        return new CallerRules(NAME, allow, deny, owners);
    }

    private static Map<ClientRequest, Glob> rules(PluginSettings settings, String key) {
        Map<ClientRequest, List<String>> patterns = new EnumMap<>(ClientRequest.class);
        PluginSettings section = new PluginSettings(settings.owner() + " " + key, settings.map(key));
        for (String request : section.values().keySet()) {
            List<String> callers = section.strings(request).stream()
                    .map(CallerRulesFactory::caller)
                    .toList();
            if (callers.isEmpty()) {
                throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "." + request
                        + "' must list at least one caller (name@domain)");
            }
            for (ClientRequest r : requests(settings, key, request)) {
                patterns.computeIfAbsent(r, x -> new ArrayList<>()).addAll(callers);
            }
        }
        Map<ClientRequest, Glob> out = new EnumMap<>(ClientRequest.class);
        patterns.forEach((r, list) -> out.put(r, glob(settings, key, list)));
        return out;
    }

    private static List<ClientRequest> requests(PluginSettings settings, String key, String request) {
        if (request.equals("*")) {
            return List.of(ClientRequest.values());
        }
        try {
            return List.of(ClientRequest.valueOf(request.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "." + request
                    + "' is no request (use submit, evaluate, get, watch, signal, cancel or \"*\")");
        }
    }

    /** A pattern without '@' names every caller of a domain. */
    private static String caller(String pattern) {
        String p = pattern.trim();
        return p.contains("@") ? p : "*@" + p;
    }

    private static Glob glob(PluginSettings settings, String key, List<String> patterns) {
        try {
            return Glob.of(patterns);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "': " + e.getMessage());
        }
    }
}
