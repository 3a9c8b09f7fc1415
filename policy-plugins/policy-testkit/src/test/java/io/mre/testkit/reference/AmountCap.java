package io.mre.testkit.reference;

import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.Reentry;
import io.mre.spi.SpiVersion;
import java.util.List;
import java.util.Set;

/**
 * The policy of docs/plugins.md's kit reference: REJECT {@code payment.*} above {@code max}, DEFER until the signal
 * {@code reviewed} from the owner domain between {@code review} and {@code max}.
 */
public final class AmountCap implements Policy {
    private final long review;
    private final long max;

    AmountCap(long review, long max) {
        this.review = review;
        this.max = max;
    }

    /** The factory: required numbers, read once. */
    public static final class Factory implements PolicyFactory {
        @Override
        public String name() {
            return "amount-cap";
        }

        @Override
        public Policy create(PluginSettings settings) {
            settings.requireOnly("review", "max");
            return new AmountCap(settings.number("review"), settings.number("max"));
        }
    }

    /** The plugin: one policy. */
    public static final class Plugin implements MrePlugin {
        @Override
        public String name() {
            return "amount-cap-plugin";
        }

        @Override
        public int spiVersion() {
            return SpiVersion.CURRENT;
        }

        @Override
        public List<PolicyFactory> policies() {
            return List.of(new Factory());
        }
    }

    @Override
    public String name() {
        return "amount-cap";
    }

    @Override
    public io.mre.spi.Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute run)
                || !run.target().operation().startsWith("payment.")) {
            return io.mre.spi.Verdict.permit("not a payment");
        }
        // numbers arrive as Double: never cast, read through Number
        double amount = evaluation.object().intent().input().get("amount") instanceof Number n ? n.doubleValue() : 0;
        if (amount > max) {
            return io.mre.spi.Verdict.reject("payment of " + (long) amount + " above the cap of " + max);
        }
        String owner = evaluation.object().context().ownerDomain();
        boolean reviewed = evaluation.object().state().signals().stream()
                .anyMatch(s -> s.name().equals("reviewed") && s.fromDomain().equals(owner));
        if (amount > review && !reviewed) {
            return io.mre.spi.Verdict.defer(
                    Reentry.onSignal("reviewed", Set.of(owner)),
                    "payment of " + (long) amount + " above " + review + " awaits review by " + owner);
        }
        return io.mre.spi.Verdict.permit("within the cap");
    }
}
