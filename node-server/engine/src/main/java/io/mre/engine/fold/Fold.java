package io.mre.engine.fold;

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
import com.google.protobuf.Struct;
import io.mre.spi.Lifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds a memory into a {@link FoldedState}: a left fold over the entries, so that a node that appends an entry
 * folds only that entry ({@link #apply}) instead of the whole history. Not thread-safe; {@link #state} returns an
 * immutable snapshot.
 */
public final class Fold {
    private int entries;
    private int hops;
    private NodeRef holder;
    private Action lastAction = Action.ACTION_UNSPECIFIED;
    private Instant lastTime;
    private List<ReentryCondition> pending = List.of();
    private DormantCause dormantCause = DormantCause.DORMANT_CAUSE_UNSPECIFIED;
    private String dormantStep = "";
    private TerminalStatus terminalStatus = TerminalStatus.TERMINAL_STATUS_UNSPECIFIED;
    private final LinkedHashSet<String> completed = new LinkedHashSet<>();
    private final Map<String, Struct> outputs = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, StepError> lastErrors = new HashMap<>();
    private final Set<String> awaitSatisfied = new HashSet<>();
    private final Map<String, Integer> backoffWaited = new HashMap<>();
    private final Map<String, Integer> extraAttempts = new HashMap<>();
    private final Map<String, Integer> reviewedAt = new HashMap<>();
    private final Set<String> compensated = new HashSet<>();
    private final Map<String, Integer> compensationAttempts = new HashMap<>();
    private final List<SignalRecord> signals = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();
    private Intent indexedIntent;
    private Map<String, Step> stepIndex = Map.of();

    private Fold(Header header) {
        this.holder = NodeRef.newBuilder().setNodeId(header.getOrigin().getAuthor())
                .setTrustDomain(header.getOrigin().getTrustDomain()).build();
        this.lastTime = Timestamps.toInstant(header.getCreatedAt());
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

    /** Folds one more entry. */
    public Fold apply(Entry e) {
        entries++;
        lastAction = e.getAction();
        lastTime = Timestamps.toInstant(e.getTime());
        holder = e.getNode();
        for (SignalRecord s : e.getSignalsList()) {
            signals.add(s);
            consumed.add(false);
        }
        switch (e.getAction()) {
            case ACTION_EXECUTE -> applyExecute(e);
            case ACTION_DELEGATE -> {
                hops++;
                holder = e.getDelegate().getTarget();
            }
            case ACTION_DORMANT -> {
                pending = List.copyOf(e.getDormant().getConditionsList());
                dormantCause = e.getDormant().getCause();
                dormantStep = e.getStepId();
            }
            case ACTION_REENTER -> applyReenter(e);
            case ACTION_TERMINATE -> terminalStatus = e.getTerminate().getStatus();
            default -> { }
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
            compensationAttempts.merge(step, 1, Integer::sum);
            if (!failed) {
                compensated.add(step);
            }
            return;
        }
        attempts.merge(step, 1, Integer::sum);
        if (failed) {
            lastErrors.put(step, e.getOutcome().getError());
        } else {
            lastErrors.remove(step);
            completed.add(step);
            outputs.put(step, e.getOutcome().getOutput());
        }
    }

    private void applyReenter(Entry e) {
        String step = e.getStepId();
        switch (dormantCause) {
            case DORMANT_CAUSE_AWAIT -> awaitSatisfied.add(step);
            case DORMANT_CAUSE_RETRY_BACKOFF -> backoffWaited.put(step, attempts.getOrDefault(step, 0));
            case DORMANT_CAUSE_REVIEW -> {
                extraAttempts.merge(step, 1, Integer::sum);
                reviewedAt.put(step, attempts.getOrDefault(step, 0));
            }
            default -> { }
        }
        if (e.getReenter().hasSignal()) {
            // Consume the very signal that woke the object: an earlier one of the same name (say, from a domain
            // the condition does not accept) stays unconsumed, and the one used cannot wake a later await again.
            SignalRecord used = e.getReenter().getSignal();
            for (int i = 0; i < signals.size(); i++) {
                if (!consumed.get(i) && signals.get(i).equals(used)) {
                    consumed.set(i, true);
                    break;
                }
            }
        }
    }

    /** A snapshot of the state, deriving the next step, failure and compensation stack from {@code intent}. */
    public FoldedState state(Intent intent) {
        Lifecycle lifecycle = switch (lastAction) {
            case ACTION_TERMINATE -> Lifecycle.TERMINATED;
            case ACTION_DORMANT -> Lifecycle.DORMANT;
            default -> Lifecycle.ACTIVE;
        };
        Map<String, Step> steps = stepIndex(intent);
        Optional<String> failed = Optional.empty();
        for (Map.Entry<String, StepError> err : new java.util.TreeMap<>(lastErrors).entrySet()) {
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
            List<String> done = new ArrayList<>(completed);
            for (int i = done.size() - 1; i >= 0; i--) {
                String id = done.get(i);
                Step step = steps.get(id);
                if (step != null && step.hasCompensation() && !compensated.contains(id)
                        && compensationAttempts.getOrDefault(id, 0) < maxAttempts(step)) {
                    stack.add(id);
                }
            }
        }
        Optional<String> next = Optional.empty();
        if (failed.isEmpty()) {
            next = steps.keySet().stream().filter(id -> !completed.contains(id)).findFirst();
        }
        List<SignalRecord> unconsumed = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            if (!consumed.get(i)) {
                unconsumed.add(signals.get(i));
            }
        }
        return new FoldedState(lifecycle, terminalStatus, entries, hops, holder, lastAction, lastTime, pending,
                dormantCause, dormantStep, List.copyOf(completed), outputs, attempts, lastErrors, awaitSatisfied,
                backoffWaited, extraAttempts, compensated, compensationAttempts, signals, unconsumed, next, failed,
                stack);
    }

    /** The plan's steps by id, in plan order; rebuilt only when the intent changes (a MUTATE). */
    private Map<String, Step> stepIndex(Intent intent) {
        if (intent != indexedIntent) {
            Map<String, Step> index = new LinkedHashMap<>();
            for (Step s : intent.getStepsList()) {
                index.putIfAbsent(s.getId(), s);
            }
            stepIndex = index;
            indexedIntent = intent;
        }
        return stepIndex;
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
