package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.Constraint;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Step;
import io.mre.spi.PeerView;
import java.util.List;
import java.util.Optional;

/** What a cycle decided to do, before it is done (the dry run stops here). */
sealed interface Choice {
    /** One line for explanations and logs. */
    String explanation();

    /** Nothing to do now (a dormant object whose conditions do not hold). */
    record Stay(String explanation) implements Choice {
        public Stay {
            requireNonNull(explanation, "explanation is null");
        }
    }

    /**
     * Record an entry that needs no handler: MUTATE (with the new intent/context), DELEGATE (to {@code peer}),
     * DORMANT, REENTER or TERMINATE. {@code entry} has action, step, decision, advice and detail set.
     */
    record Record(Entry.Builder entry, Intent intent, Context context, Optional<PeerView> peer, String explanation)
            implements Choice {
        public Record {
            requireNonNull(entry, "entry is null");
            requireNonNull(intent, "intent is null");
            requireNonNull(context, "context is null");
            requireNonNull(peer, "peer is null");
            requireNonNull(explanation, "explanation is null");
        }
    }

    /** Run a step (or its compensation) with a local handler; {@code entry} has decision and advice set. */
    record Run(
            Entry.Builder entry,
            Step step,
            int attempt,
            boolean compensation,
            List<Constraint> constraints,
            String explanation)
            implements Choice {
        public Run {
            requireNonNull(entry, "entry is null");
            requireNonNull(step, "step is null");
            constraints = List.copyOf(constraints);
            requireNonNull(explanation, "explanation is null");
        }
    }
}
