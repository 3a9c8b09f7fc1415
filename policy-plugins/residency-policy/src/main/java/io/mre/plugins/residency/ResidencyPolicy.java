package io.mre.plugins.residency;

import static java.util.Objects.requireNonNull;

import io.mre.spi.CandidateAction;
import io.mre.spi.Constraint;
import io.mre.spi.ContextView;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps classified data in its residency regions. For an object whose classification is listed and whose context
 * names residency regions: a delegation to a peer whose region label is missing or outside those regions is
 * refused; local work on a node outside them is refused ({@code reject}) or constrained to a node labelled with
 * the first allowed region ({@code constrain}), which makes the engine route the step there. Constraints are
 * conjunctive, so only one region can be required. Immutable, so thread-safe.
 */
final class ResidencyPolicy implements Policy {
    /** What to do with local work outside the regions. */
    enum Mode {
        REJECT,
        CONSTRAIN
    }

    private static final String ANY = "*";

    private final String name;
    private final String regionLabel;
    private final Set<String> classifications;
    private final Mode mode;

    ResidencyPolicy(String name, String regionLabel, Set<String> classifications, Mode mode) {
        this.name = requireNonNull(name, "name is null");
        this.regionLabel = requireNonNull(regionLabel, "regionLabel is null");
        this.classifications = Set.copyOf(classifications);
        this.mode = requireNonNull(mode, "mode is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        ContextView context = evaluation.object().context();
        String classification = context.dataClassification().trim().toLowerCase(Locale.ROOT);
        if (!classifications.contains(ANY) && !classifications.contains(classification)) {
            return Verdict.permit("classification '" + context.dataClassification() + "' has no residency rule");
        }
        List<String> regions = context.residencyRegions();
        if (regions.isEmpty()) {
            return Verdict.permit("no residency regions declared");
        }
        return switch (evaluation.candidate()) {
            case CandidateAction.Delegate d -> {
                String region = region(d.peer().labels());
                yield regions.contains(region)
                        ? Verdict.permit("peer region '" + region + "' is within " + regions)
                        : Verdict.reject(describe(context) + " may not leave " + regions + "; peer "
                                + d.peer().nodeId() + "@" + d.peer().trustDomain() + " is in " + where(region));
            }
            case CandidateAction.Execute e -> local(evaluation, context, regions);
            case CandidateAction.Compensate c -> local(evaluation, context, regions);
            case CandidateAction.Mutate m -> Verdict.permit("a plan change moves no data");
        };
    }

    private Verdict local(Evaluation evaluation, ContextView context, List<String> regions) {
        String region = region(evaluation.node().labels());
        if (regions.contains(region)) {
            return Verdict.permit("this node's region '" + region + "' is within " + regions);
        }
        String why = describe(context) + " must be processed in " + regions + "; this node is in " + where(region);
        return mode == Mode.REJECT
                ? Verdict.reject(why)
                : Verdict.constrain(
                        why + ": only a node labelled " + regionLabel + "=" + regions.get(0),
                        Constraint.requireLabel(regionLabel, regions.get(0)));
    }

    private String region(Map<String, String> labels) {
        return labels.getOrDefault(regionLabel, "");
    }

    private String where(String region) {
        return region.isEmpty() ? "no region (no '" + regionLabel + "' label)" : "region '" + region + "'";
    }

    private static String describe(ContextView context) {
        return "data classified '" + context.dataClassification() + "'";
    }
}
