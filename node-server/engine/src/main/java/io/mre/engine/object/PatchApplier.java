package io.mre.engine.object;

import io.mre.engine.fold.FoldedState;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ContextPatch;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.IntentPatch;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepInsertion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies recorded patches to the intent or context. A patch never touches a step that has started. */
public final class PatchApplier {
    private PatchApplier() {}

    /** The intent after {@code patch}; throws {@code INVALID_INTENT} when the patch cannot apply. */
    public static Intent apply(Intent intent, IntentPatch patch, FoldedState state) {
        List<Step> steps = new ArrayList<>(intent.getStepsList());
        for (String id : patch.getRemoveStepIdsList()) {
            requireNotStarted(id, state, "remove");
            if (!steps.removeIf(s -> s.getId().equals(id))) {
                throw IntentValidator.invalid("patch removes unknown step '" + id + "'");
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).getId(), i);
        }
        for (Step replacement : patch.getReplaceStepsList()) {
            Integer at = index.get(replacement.getId());
            if (at == null) {
                throw IntentValidator.invalid("patch replaces unknown step '" + replacement.getId() + "'");
            }
            requireNotStarted(replacement.getId(), state, "replace");
            steps.set(at, replacement);
        }
        for (StepInsertion insertion : patch.getInsertStepsList()) {
            int at = 0;
            if (!insertion.getAfterStepId().isEmpty()) {
                at = -1;
                for (int i = 0; i < steps.size(); i++) {
                    if (steps.get(i).getId().equals(insertion.getAfterStepId())) {
                        at = i + 1;
                    }
                }
                if (at < 0) {
                    throw IntentValidator.invalid(
                            "patch inserts after unknown step '" + insertion.getAfterStepId() + "'");
                }
            }
            steps.add(at, insertion.getStep());
        }
        Intent result = intent.toBuilder().clearSteps().addAllSteps(steps).build();
        IntentValidator.validate(result);
        return result;
    }

    /** The context after {@code patch}. */
    public static Context apply(Context context, ContextPatch patch) {
        Context.Builder b = context.toBuilder();
        patch.getRemoveLabelsList().forEach(b::removeLabels);
        b.putAllLabels(patch.getSetLabelsMap());
        if (patch.hasDeadline()) {
            b.setDeadline(patch.getDeadline());
        }
        if (!patch.getDataClassification().isEmpty()) {
            b.setDataClassification(patch.getDataClassification());
        }
        return b.build();
    }

    private static void requireNotStarted(String id, FoldedState state, String verb) {
        if (state.attemptsOf(id) > 0 || state.completed().contains(id)) {
            throw IntentValidator.invalid("patch would " + verb + " step '" + id + "', which has already started");
        }
    }
}
