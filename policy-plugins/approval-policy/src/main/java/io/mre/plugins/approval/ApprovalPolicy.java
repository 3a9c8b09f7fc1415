package io.mre.plugins.approval;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.SignalView;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Human in the loop: the execution of a matching step (by operation, and optionally by an amount above a
 * threshold) is deferred until the object carries an approval signal from an allowed domain, then permitted.
 * A signal whose payload names a {@code step} approves only that step; one without approves every step. The
 * signal is looked for among all the object's signals, consumed or not: the signal that woke the object is the
 * one that approves it. Delegations, compensations and plan changes are not judged. Immutable, so thread-safe.
 */
final class ApprovalPolicy implements Policy {
    private final String name;
    private final Glob operations;
    private final String amountField;
    private final OptionalDouble amountAbove;
    private final String signal;
    private final Set<String> fromDomains;

    ApprovalPolicy(
            String name,
            Glob operations,
            String amountField,
            OptionalDouble amountAbove,
            String signal,
            Set<String> fromDomains) {
        this.name = requireNonNull(name, "name is null");
        this.operations = requireNonNull(operations, "operations is null");
        this.amountField = requireNonNull(amountField, "amountField is null");
        this.amountAbove = requireNonNull(amountAbove, "amountAbove is null");
        this.signal = requireNonNull(signal, "signal is null");
        this.fromDomains = Set.copyOf(fromDomains);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute execute)) {
            return Verdict.permit("only step executions need approval");
        }
        StepView step = execute.target();
        if (!operations.matches(step.operation())) {
            return Verdict.permit("'" + step.operation() + "' needs no approval");
        }
        String what = "'" + step.id() + "' (" + step.operation() + ")";
        if (amountAbove.isPresent()) {
            Optional<Object> raw = io.mre.plugins.support.JsonValues.at(step.params(), amountField)
                    .or(() -> io.mre.plugins.support.JsonValues.at(
                            evaluation.object().intent().input(), amountField));
            if (raw.isEmpty()) {
                return Verdict.permit(what + " has no '" + amountField + "'; no approval needed");
            }
            OptionalDouble amount = io.mre.plugins.support.JsonValues.number(raw.get());
            // An amount that is not a number cannot be shown to be small: ask for approval.
            if (amount.isPresent() && !(amount.getAsDouble() > amountAbove.getAsDouble())) {
                return Verdict.permit(what + " " + amountField + " " + Values.format(amount.getAsDouble())
                        + " is within " + Values.format(amountAbove.getAsDouble()) + "; no approval needed");
            }
            String shown = amount.isPresent() ? Values.format(amount.getAsDouble()) : "'" + raw.get() + "'";
            what += " with " + amountField + " " + shown + (amount.isPresent() ? " above " : " (not a number; limit ")
                    + Values.format(amountAbove.getAsDouble()) + (amount.isPresent() ? "" : ")");
        }
        Optional<SignalView> approval = evaluation.object().state().signals().stream()
                .filter(s -> approves(s, step.id()))
                .findFirst();
        if (approval.isPresent()) {
            SignalView s = approval.get();
            return Verdict.permit(
                    what + " approved by " + (s.fromDomain().isEmpty() ? "an unauthenticated caller" : s.fromDomain())
                            + " at " + s.receivedAt());
        }
        return Verdict.defer(
                Reentry.onSignal(signal, fromDomains),
                what + " needs signal '" + signal + "'"
                        + (fromDomains.isEmpty()
                                ? ""
                                : " from " + fromDomains.stream().sorted().toList()));
    }

    private boolean approves(SignalView s, String stepId) {
        if (!s.name().equals(signal) || !fromDomains.isEmpty() && !fromDomains.contains(s.fromDomain())) {
            return false;
        }
        Object forStep = s.payload().get("step");
        return forStep == null || String.valueOf(forStep).equals(stepId);
    }

    /** JSON-like value helpers. */
    static final class Values {
        private Values() {}

        static String format(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
