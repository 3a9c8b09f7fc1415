package io.mre.engine.view;

import com.google.protobuf.Struct;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.fold.PersistentMap;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.spi.ActionKind;
import io.mre.spi.ContextView;
import io.mre.spi.EntryView;
import io.mre.spi.IntentView;
import io.mre.spi.ObjectView;
import io.mre.spi.Reentry;
import io.mre.spi.SignalView;
import io.mre.spi.StateView;
import io.mre.spi.StepView;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts the object's protobuf parts into the read-only views of the SPI, and SPI values back. */
public final class Views {
    private Views() {}

    /** The whole view of an object. */
    public static ObjectView object(
            String objectId,
            String originDomain,
            Intent intent,
            Context context,
            FoldedState state,
            List<EntryView> history) {
        return new ObjectView(objectId, originDomain, intent(intent), context(context), state(state), history);
    }

    public static IntentView intent(Intent intent) {
        return new IntentView(
                intent.getName(),
                intent.getVersion(),
                Values.toMap(intent.getInput()),
                intent.getStepsList().stream().map(Views::step).toList());
    }

    public static StepView step(Step s) {
        return new StepView(
                s.getId(),
                s.getOperation(),
                Values.toMap(s.getParams()),
                s.getRouting().getTrustDomain(),
                s.getRouting().getCapabilitiesList(),
                s.getRouting().getLabelsMap(),
                s.getCompensation().getOperation(),
                Fold.maxAttempts(s));
    }

    /** A step described in the SPI as a protobuf step (for plan patches). */
    public static Step toStep(StepView v) {
        Step.Builder b =
                Step.newBuilder().setId(v.id()).setOperation(v.operation()).setParams(Values.toStruct(v.params()));
        if (!v.routingDomain().isEmpty()
                || !v.requiredCapabilities().isEmpty()
                || !v.requiredLabels().isEmpty()) {
            b.setRouting(Routing.newBuilder()
                    .setTrustDomain(v.routingDomain())
                    .addAllCapabilities(v.requiredCapabilities())
                    .putAllLabels(v.requiredLabels()));
        }
        if (!v.compensationOperation().isEmpty()) {
            b.setCompensation(Compensation.newBuilder().setOperation(v.compensationOperation()));
        }
        if (v.maxAttempts() > 1) {
            b.setRetry(RetryPolicy.newBuilder().setMaxAttempts(v.maxAttempts()));
        }
        return b.build();
    }

    public static ContextView context(Context c) {
        return new ContextView(
                c.getTenant(),
                c.getOwnerDomain(),
                c.getDataClassification(),
                c.getResidencyRegionsList(),
                c.getAllowedDomainsList(),
                c.hasDeadline() ? Optional.of(Timestamps.toInstant(c.getDeadline())) : Optional.empty(),
                c.getMaxHops(),
                c.getPriority(),
                c.getCycleBudget(),
                c.getLabelsMap());
    }

    public static StateView state(FoldedState s) {
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        s.outputs().forEach((k, v) -> outputs.put(k, Values.toMap(v)));
        return state(s, outputs);
    }

    /** Step outputs as SPI maps, in a persistent map a visit extends by one conversion per new output. */
    public static PersistentMap<String, Map<String, Object>> outputs(Map<String, Struct> outputs) {
        PersistentMap<String, Map<String, Object>> converted = PersistentMap.of();
        for (Map.Entry<String, Struct> e : outputs.entrySet()) {
            converted = converted.with(e.getKey(), Values.toMap(e.getValue()));
        }
        return converted;
    }

    /** The state view with outputs already converted (see {@code WorkingObject#outputs}). */
    public static StateView state(FoldedState s, Map<String, Map<String, Object>> outputs) {
        return new StateView(
                s.lifecycle(),
                s.nextStepId(),
                s.attempts(),
                new HashSet<>(s.completed()),
                outputs,
                s.hops(),
                s.entries(),
                s.pending().stream().map(Views::reentry).toList(),
                s.compensating(),
                s.signals().stream().map(Views::signal).toList());
    }

    public static EntryView entry(Entry e) {
        return new EntryView(
                e.getSeq(),
                Timestamps.toInstant(e.getTime()),
                e.getNode().getNodeId(),
                e.getNode().getTrustDomain(),
                action(e.getAction()),
                e.getStepId());
    }

    public static SignalView signal(SignalRecord s) {
        return new SignalView(
                s.getName(), s.getFromDomain(), Values.toMap(s.getPayload()), Timestamps.toInstant(s.getReceivedAt()));
    }

    public static ActionKind action(io.mre.proto.v1.Action a) {
        return switch (a) {
            case ACTION_EXECUTE -> ActionKind.EXECUTE;
            case ACTION_MUTATE -> ActionKind.MUTATE;
            case ACTION_DELEGATE -> ActionKind.DELEGATE;
            case ACTION_DORMANT -> ActionKind.DORMANT;
            case ACTION_REENTER -> ActionKind.REENTER;
            case ACTION_TERMINATE -> ActionKind.TERMINATE;
            case ACTION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("no action: " + a);
        };
    }

    public static io.mre.proto.v1.Action action(ActionKind a) {
        return switch (a) {
            case EXECUTE -> io.mre.proto.v1.Action.ACTION_EXECUTE;
            case MUTATE -> io.mre.proto.v1.Action.ACTION_MUTATE;
            case DELEGATE -> io.mre.proto.v1.Action.ACTION_DELEGATE;
            case DORMANT -> io.mre.proto.v1.Action.ACTION_DORMANT;
            case REENTER -> io.mre.proto.v1.Action.ACTION_REENTER;
            case TERMINATE -> io.mre.proto.v1.Action.ACTION_TERMINATE;
        };
    }

    /** A protobuf reentry condition as an SPI value ({@code expression} and unknown kinds as expressions). */
    public static Reentry reentry(ReentryCondition c) {
        return switch (c.getConditionCase()) {
            case AT -> Reentry.at(Timestamps.toInstant(c.getAt()));
            case AFTER -> Reentry.after(Timestamps.toDuration(c.getAfter()));
            case SIGNAL -> Reentry.onSignal(c.getSignal(), new HashSet<>(c.getSignalFromDomainsList()));
            case EXPRESSION -> new Reentry.WhenExpression(c.getExpression());
            case CONDITION_NOT_SET -> new Reentry.WhenExpression("false");
        };
    }

    /** An SPI reentry condition as protobuf. */
    public static ReentryCondition reentry(Reentry r) {
        ReentryCondition.Builder b = ReentryCondition.newBuilder();
        switch (r) {
            case Reentry.AtTime t -> b.setAt(Timestamps.toProto(t.at()));
            case Reentry.AfterDelay d -> b.setAfter(Timestamps.toProto(d.delay()));
            case Reentry.OnSignal s ->
                b.setSignal(s.name())
                        .addAllSignalFromDomains(
                                s.fromDomains().stream().sorted().toList());
            case Reentry.WhenExpression e -> b.setExpression(e.expression());
        }
        return b.build();
    }
}
