package io.mre.testkit;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.Candidate.mutating;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static io.mre.testkit.TestObjects.withRetries;

import io.mre.spi.Evaluation;
import io.mre.spi.PlanPatch;
import io.mre.spi.Reentry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluations the contract tests put to a plugin: the sample, then the sample's plan in a range of states (fresh,
 * part done, retried, failed, dormant, signalled, delegated, terminated) crossed with a range of candidates (execute,
 * retry, compensate, delegate in and out of the node's domain, mutate).
 */
final class ContractCases {
    /** One evaluation and what it is, for failure messages. */
    record Case(String label, Evaluation evaluation) {
        @Override
        public String toString() {
            return label;
        }
    }

    private ContractCases() {}

    /** A two-step claim settlement with parameters, a compensation, retries and a full context. */
    static ObjectBuilder defaultSample() {
        return TestObjects.intent("contract.sample")
                .step("check", "credit.check", withParam("amount", 100))
                .step(
                        "pay",
                        "payment.transfer",
                        withParam("amount", 12_000),
                        withCompensation("payment.refund"),
                        withRetries(3))
                .input("claim", "C-1")
                .context(c -> c.withTenant("acme")
                        .withResidency("eu-west")
                        .withClassification("confidential")
                        .withDeadline(TestClock.MONDAY_9AM.plus(Duration.ofDays(2)))
                        .withLabel("vip", "false"));
    }

    /** Sample states of {@code sample}'s plan, by label; the sample itself first. */
    static Map<String, ObjectBuilder> states(ObjectBuilder sample, PolicyHarness harness) {
        ObjectBuilder fresh = sample.withHistory(List.of());
        String first = fresh.steps().get(0).id();
        String last = fresh.steps().get(fresh.steps().size() - 1).id();
        Map<String, ObjectBuilder> states = new LinkedHashMap<>();
        states.put("the sample", sample);
        states.put("a fresh object", fresh);
        states.put("first step done", fresh.completed(first, Map.of("ok", true)));
        states.put("first step failed for good", fresh.failed(first));
        states.put(
                "dormant until a signal", fresh.dormant(Reentry.onSignal("approved", java.util.Set.of("x.example"))));
        states.put(
                "dormant until a time", fresh.dormant(Reentry.at(harness.now().plus(Duration.ofHours(1)))));
        states.put("signalled", fresh.signal("approved", "elsewhere.example", Map.of("by", "someone")));
        states.put("delegated twice", fresh.hops(2));
        ObjectBuilder done = fresh;
        for (StepSpec s : fresh.steps()) {
            done = done.completed(s.id());
        }
        states.put("completed", done.terminated(Ending.COMPLETED));
        states.put("rejected", fresh.terminated(Ending.REJECTED));
        states.put("last step retried", fresh.attempts(last, 1));
        return states;
    }

    /** Candidates for {@code sample}'s plan, by label. */
    static Map<String, Candidate> candidates(ObjectBuilder sample, Candidate sampleCandidate, PolicyHarness harness) {
        List<StepSpec> steps = sample.steps();
        String first = steps.get(0).id();
        String last = steps.get(steps.size() - 1).id();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        candidates.put("the sample candidate", sampleCandidate);
        for (StepSpec s : steps) {
            candidates.put("execute '" + s.id() + "'", executing(s.id()));
        }
        candidates.put("execute '" + last + "' attempt 3", executing(last, 3));
        candidates.put("compensate '" + first + "'", compensating(first));
        PeerSpec sameDomain = TestNodes.peer(
                "contract-peer-1", harness.node().trustDomain(), steps.get(0).operation());
        PeerSpec otherDomain = TestNodes.peer(
                        "contract-peer-2", "elsewhere.example", steps.get(0).operation())
                .withLabel("region", "elsewhere");
        candidates.put("delegate '" + first + "' within the domain", delegating(first, sameDomain));
        candidates.put("delegate '" + first + "' to another domain", delegating(first, otherDomain));
        candidates.put("insert a step", insertingStep(first, "contract-extra", "contract.extra"));
        candidates.put("remove '" + last + "'", mutating(new PlanPatch(List.of(last), List.of())));
        return candidates;
    }

    /** Every state crossed with every candidate, evaluated by {@code harness}'s node at its time. */
    static List<Case> all(ObjectBuilder sample, Candidate sampleCandidate, PolicyHarness harness) {
        List<Case> cases = new ArrayList<>();
        Map<String, Candidate> candidates = candidates(sample, sampleCandidate, harness);
        states(sample, harness).forEach((stateLabel, object) -> {
            var view = object.view();
            candidates.forEach((candidateLabel, candidate) -> {
                Evaluation evaluation;
                try {
                    evaluation = harness.evaluation(view, candidate);
                } catch (IllegalStateException e) {
                    return; // e.g. "next step" of a terminated object: no such candidate exists
                }
                cases.add(new Case(candidateLabel + " on " + stateLabel, evaluation));
            });
        });
        return cases;
    }
}
