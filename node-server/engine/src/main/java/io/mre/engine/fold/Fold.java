package io.mre.engine.fold;

import com.google.protobuf.Struct;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.Lifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds a memory into a {@link FoldedState}: a left fold over the entries, so that a node that appends an entry
 * folds only that entry ({@link #apply}) instead of the whole history. The growing parts (completed steps, outputs,
 * attempts, signals, ...) are persistent collections, so {@link #state} and {@link #copy} cost the same at any
 * length of history, and a snapshot never changes when later entries are folded. Not thread-safe.
 */
public final class Fold {
    private int entries;
    private int hops;
    /** The delegator of a DELEGATE that is the last entry folded (its transfer not yet known to have taken effect). */
    private NodeRef delegator;

    private NodeRef holder;
    private Action lastAction = Action.ACTION_UNSPECIFIED;
    private Instant lastTime;
    private List<ReentryCondition> pending = List.of();
    private DormantCause dormantCause = DormantCause.DORMANT_CAUSE_UNSPECIFIED;
    private String dormantStep = "";
    private TerminalStatus terminalStatus = TerminalStatus.TERMINAL_STATUS_UNSPECIFIED;
    private PersistentList<String> completed = PersistentList.of();
    private PersistentMap<String, Struct> outputs = PersistentMap.of();
    private PersistentMap<String, Integer> attempts = PersistentMap.of();
    private PersistentMap<String, StepError> lastErrors = PersistentMap.of();
    private PersistentSet<String> awaitSatisfied = PersistentSet.of();
    private PersistentMap<String, Integer> backoffWaited = PersistentMap.of();
    private PersistentMap<String, Integer> extraAttempts = PersistentMap.of();
    private PersistentMap<String, Integer> reviewedAt = PersistentMap.of();
    private PersistentSet<String> compensated = PersistentSet.of();
    private PersistentMap<String, Integer> compensationAttempts = PersistentMap.of();
    private PersistentList<SignalRecord> signals = PersistentList.of();
    private PersistentList<SignalRecord> unconsumed = PersistentList.of();
    private Intent indexedIntent;
    private Map<String, Step> stepIndex = Map.of();
    /** Every plan step before this position (in {@code indexedIntent}) is completed; completed steps only grow. */
    private int nextStepCursor;
    /**
     * Lets {@link #apply} change in place the collection nodes it made since the last {@link #state} or
     * {@link #copy}, so folding a long memory at once allocates little; replaced whenever collections are handed
     * out, so what was handed out never changes.
     */
    private Object edit = new Object();

    private Fold(Header header) {
        this.holder = NodeRef.newBuilder()
                .setNodeId(header.getOrigin().getAuthor())
                .setTrustDomain(header.getOrigin().getTrustDomain())
                .build();
        this.lastTime = Timestamps.toInstant(header.getCreatedAt());
    }

    private Fold(Fold from) {
        entries = from.entries;
        hops = from.hops;
        delegator = from.delegator;
        holder = from.holder;
        lastAction = from.lastAction;
        lastTime = from.lastTime;
        pending = from.pending;
        dormantCause = from.dormantCause;
        dormantStep = from.dormantStep;
        terminalStatus = from.terminalStatus;
        completed = from.completed;
        outputs = from.outputs;
        attempts = from.attempts;
        lastErrors = from.lastErrors;
        awaitSatisfied = from.awaitSatisfied;
        backoffWaited = from.backoffWaited;
        extraAttempts = from.extraAttempts;
        reviewedAt = from.reviewedAt;
        compensated = from.compensated;
        compensationAttempts = from.compensationAttempts;
        signals = from.signals;
        unconsumed = from.unconsumed;
        indexedIntent = from.indexedIntent;
        stepIndex = from.stepIndex;
        nextStepCursor = from.nextStepCursor;
    }

    /** Starts a fold at the header (an empty memory). */
    public static Fold start(Header header) {
        return new Fold(header);
    }

    /** Folds {@code entries} from the header on. */
    public static Fold of(Header header, List<Entry> entries) {
        Fold fold = new Fold(header);
        for (Entry e : entries) {
            fold.apply(e);
        }
        return fold;
    }

    /** An independent fold at the same point: folding into either leaves the other as it was. O(1). */
    public Fold copy() {
        edit = new Object();
        return new Fold(this);
    }

    /** Number of entries folded so far. */
    public int applied() {
        return entries;
    }

    /** Folds one more entry. */
    public Fold apply(Entry e) {
        entries++;
        if (delegator != null && e.getNode().equals(delegator)) {
            // The delegator appended again: its transfer did not take effect (the peer was unavailable or refused).
            hops--;
        }
        delegator = null;
        lastAction = e.getAction();
        lastTime = Timestamps.toInstant(e.getTime());
        holder = e.getNode();
        for (SignalRecord s : e.getSignalsList()) {
            signals = signals.plus(s, edit);
            unconsumed = unconsumed.plus(s, edit);
        }
        switch (e.getAction()) {
            case ACTION_EXECUTE -> applyExecute(e);
            case ACTION_DELEGATE -> {
                // Counted now (in transit, the target holds it) and taken back if the delegator appends next.
                hops++;
                delegator = e.getNode();
                holder = e.getDelegate().getTarget();
            }
            case ACTION_DORMANT -> {
                pending = List.copyOf(e.getDormant().getConditionsList());
                dormantCause = e.getDormant().getCause();
                dormantStep = e.getStepId();
            }
            case ACTION_REENTER -> applyReenter(e);
            case ACTION_TERMINATE -> terminalStatus = e.getTerminate().getStatus();
            default -> {}
        }
        if (e.getAction() != Action.ACTION_DORMANT) {
            pending = List.of();
            dormantCause = DormantCause.DORMANT_CAUSE_UNSPECIFIED;
            dormantStep = "";
        }
        return this;
    }

    private void applyExecute(Entry e) {
        String step = e.getStepId();
        boolean failed = e.getOutcome().hasError();
        if (e.getExecute().getCompensation()) {
            compensationAttempts = incremented(compensationAttempts, step);
            if (!failed) {
                compensated = compensated.plus(step, edit);
            }
            return;
        }
        attempts = incremented(attempts, step);
        if (failed) {
            lastErrors = lastErrors.with(step, e.getOutcome().getError(), edit);
        } else {
            lastErrors = lastErrors.without(step, edit);
            int completedBefore = outputs.size();
            outputs = outputs.with(step, e.getOutcome().getOutput(), edit);
            if (outputs.size() > completedBefore) {
                completed = completed.plus(step, edit);
            }
        }
    }

    private void applyReenter(Entry e) {
        String step = e.getStepId();
        switch (dormantCause) {
            case DORMANT_CAUSE_AWAIT -> awaitSatisfied = awaitSatisfied.plus(step, edit);
            case DORMANT_CAUSE_RETRY_BACKOFF ->
                backoffWaited = backoffWaited.with(step, attempts.getOrDefault(step, 0), edit);
            case DORMANT_CAUSE_REVIEW -> {
                extraAttempts = incremented(extraAttempts, step);
                reviewedAt = reviewedAt.with(step, attempts.getOrDefault(step, 0), edit);
            }
            default -> {}
        }
        if (e.getReenter().hasSignal()) {
            // Consume the very signal that woke the object: an earlier one of the same name (say, from a domain
            // the condition does not accept) stays unconsumed, and the one used cannot wake a later await again.
            int used = unconsumed.indexOf(e.getReenter().getSignal());
            if (used >= 0) {
                unconsumed = unconsumed.minusAt(used);
            }
        }
    }

    /** A snapshot of the state, deriving the next step, failure and compensation stack from {@code intent}. */
    public FoldedState state(Intent intent) {
        edit = new Object();
        Lifecycle lifecycle = switch (lastAction) {
            case ACTION_TERMINATE -> Lifecycle.TERMINATED;
            case ACTION_DORMANT -> Lifecycle.DORMANT;
            default -> Lifecycle.ACTIVE;
        };
        Map<String, Step> steps = stepIndex(intent);
        Optional<String> failed = Optional.empty();
        // In step id order, as every node must pick the same failed step (the map iterates by hash code).
        Map<String, StepError> errors = lastErrors.size() > 1 ? new TreeMap<>(lastErrors) : lastErrors;
        for (Map.Entry<String, StepError> err : errors.entrySet()) {
            Step step = steps.get(err.getKey());
            int made = attempts.getOrDefault(err.getKey(), 0);
            int allowed = (step == null ? 1 : maxAttempts(step)) + extraAttempts.getOrDefault(err.getKey(), 0);
            boolean fatal = !err.getValue().getRetryable() && made > reviewedAt.getOrDefault(err.getKey(), 0);
            if (fatal || made >= allowed) {
                failed = Optional.of(err.getKey());
                break;
            }
        }
        List<String> stack = new ArrayList<>();
        if (failed.isPresent() && compensates(intent)) {
            for (int i = completed.size() - 1; i >= 0; i--) {
                String id = completed.get(i);
                Step step = steps.get(id);
                if (step != null
                        && step.hasCompensation()
                        && !compensated.contains(id)
                        && compensationAttempts.getOrDefault(id, 0) < maxAttempts(step)) {
                    stack.add(id);
                }
            }
        }
        Optional<String> next = failed.isEmpty() ? nextStep(intent) : Optional.empty();
        return new FoldedState(
                lifecycle,
                terminalStatus,
                entries,
                hops,
                holder,
                lastAction,
                lastTime,
                pending,
                dormantCause,
                dormantStep,
                completed,
                outputs,
                attempts,
                lastErrors,
                awaitSatisfied,
                backoffWaited,
                extraAttempts,
                compensated,
                compensationAttempts,
                signals,
                unconsumed,
                next,
                failed,
                stack);
    }

    /** The first plan step not completed: the cursor only moves forward, except when the intent changes. */
    private Optional<String> nextStep(Intent intent) {
        stepIndex(intent);
        List<Step> plan = intent.getStepsList();
        while (nextStepCursor < plan.size()
                && outputs.containsKey(plan.get(nextStepCursor).getId())) {
            nextStepCursor++;
        }
        return nextStepCursor < plan.size()
                ? Optional.of(plan.get(nextStepCursor).getId())
                : Optional.empty();
    }

    /** The plan's steps by id (first of a duplicated id wins); rebuilt only when the intent changes (a MUTATE). */
    private Map<String, Step> stepIndex(Intent intent) {
        if (intent != indexedIntent) {
            Map<String, Step> index = new HashMap<>();
            for (Step s : intent.getStepsList()) {
                index.putIfAbsent(s.getId(), s);
            }
            stepIndex = index;
            indexedIntent = intent;
            nextStepCursor = 0;
        }
        return stepIndex;
    }

    private PersistentMap<String, Integer> incremented(PersistentMap<String, Integer> counts, String key) {
        return counts.with(key, counts.getOrDefault(key, 0) + 1, edit);
    }

    /** Total attempts a step allows (at least 1). */
    public static int maxAttempts(Step step) {
        return Math.max(1, step.getRetry().getMaxAttempts());
    }

    private static boolean compensates(Intent intent) {
        FailureMode mode = intent.getOnFailure();
        return mode == FailureMode.FAILURE_MODE_COMPENSATE || mode == FailureMode.FAILURE_MODE_UNSPECIFIED;
    }
}
