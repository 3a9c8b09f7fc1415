package io.mre.plugins.cel;

import io.mre.spi.CandidateAction;
import io.mre.spi.ContextView;
import io.mre.spi.EntryView;
import io.mre.spi.IntentView;
import io.mre.spi.NodeFacts;
import io.mre.spi.ObjectView;
import io.mre.spi.PeerView;
import io.mre.spi.PlanPatch;
import io.mre.spi.SignalView;
import io.mre.spi.StateView;
import io.mre.spi.StepView;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The object, the candidate and the node as CEL sees them: maps of strings, ints, doubles, bools, timestamps,
 * lists and maps. Every documented key is always present (empty string, 0, empty list or map when it does not
 * apply), so {@code candidate.peer.domain == 'x'} simply is false for a local execution; only
 * {@code object.context.deadline} is left out when the object has none (test it with
 * {@code has(object.context.deadline)}).
 */
final class Bindings {
    static final String OBJECT = "object";
    static final String CANDIDATE = "candidate";
    static final String NODE = "node";
    static final String NOW = "now";

    private static final StepView NO_STEP = StepView.of("", "", Map.of());

    private Bindings() {}

    /** The variables of a reentry condition. */
    static Map<String, Object> condition(ObjectView object, Instant now) {
        return Map.of(OBJECT, object(object), NOW, now);
    }

    /** The variables of a guard. */
    static Map<String, Object> guard(ObjectView object, CandidateAction candidate, NodeFacts node, Instant now) {
        return Map.of(OBJECT, object(object), CANDIDATE, candidate(candidate), NODE, node(node), NOW, now);
    }

    static Map<String, Object> object(ObjectView o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.objectId());
        m.put("originDomain", o.originDomain());
        m.put("intent", intent(o.intent()));
        m.put("context", context(o.context()));
        m.put("state", state(o.state()));
        m.put("history", view(o.history(), Bindings::entry));
        return m;
    }

    static Map<String, Object> candidate(CandidateAction c) {
        Map<String, Object> m = new LinkedHashMap<>();
        StepView step = c.step().orElse(NO_STEP);
        String kind = c instanceof CandidateAction.Compensate
                ? "COMPENSATE"
                : c.kind().name();
        String operation = c instanceof CandidateAction.Compensate ? step.compensationOperation() : step.operation();
        m.put("kind", kind);
        m.put("operation", operation);
        m.put("step", step(step));
        m.put("attempt", c instanceof CandidateAction.Execute e ? (long) e.attempt() : 0L);
        m.put("peer", peer(c instanceof CandidateAction.Delegate d ? d.peer() : null));
        PlanPatch patch = c instanceof CandidateAction.Mutate mu ? mu.patch() : PlanPatch.NONE;
        m.put(
                "patch",
                Map.of(
                        "removeStepIds",
                        patch.removeStepIds(),
                        "inserts",
                        patch.inserts().stream()
                                .map(i -> Map.of("afterStepId", i.afterStepId(), "step", step(i.step())))
                                .toList()));
        m.put("reason", c instanceof CandidateAction.Mutate mu ? mu.reason() : "");
        m.put("suggestedBy", c instanceof CandidateAction.Mutate mu ? mu.suggestedBy() : "");
        return m;
    }

    static Map<String, Object> node(NodeFacts n) {
        return Map.of(
                "id",
                n.nodeId(),
                "domain",
                n.trustDomain(),
                "labels",
                n.labels(),
                "capabilities",
                sorted(n.capabilities()));
    }

    private static Map<String, Object> intent(IntentView i) {
        return Map.of(
                "name",
                i.name(),
                "version",
                i.version(),
                "input",
                json(i.input()),
                "steps",
                view(i.steps(), Bindings::step));
    }

    private static Map<String, Object> step(StepView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("operation", s.operation());
        m.put("params", json(s.params()));
        m.put("routingDomain", s.routingDomain());
        m.put("requiredCapabilities", s.requiredCapabilities());
        m.put("requiredLabels", s.requiredLabels());
        m.put("compensationOperation", s.compensationOperation());
        m.put("maxAttempts", (long) s.maxAttempts());
        return m;
    }

    private static Map<String, Object> context(ContextView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", c.tenant());
        m.put("ownerDomain", c.ownerDomain());
        m.put("dataClassification", c.dataClassification());
        m.put("residencyRegions", c.residencyRegions());
        m.put("allowedDomains", c.allowedDomains());
        c.deadline().ifPresent(d -> m.put("deadline", d));
        m.put("maxHops", (long) c.maxHops());
        m.put("priority", (long) c.priority());
        m.put("cycleBudget", (long) c.cycleBudget());
        m.put("labels", c.labels());
        return m;
    }

    private static Map<String, Object> state(StateView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lifecycle", s.lifecycle().name());
        m.put("nextStepId", s.nextStepId().orElse(""));
        Map<String, Object> attempts = new LinkedHashMap<>();
        s.attempts().forEach((k, v) -> attempts.put(k, (long) v));
        m.put("attempts", attempts);
        m.put("completedSteps", sorted(s.completedSteps()));
        Map<String, Object> outputs = new LinkedHashMap<>();
        s.outputs().forEach((k, v) -> outputs.put(k, json(v)));
        m.put("outputs", outputs);
        m.put("hops", (long) s.hops());
        m.put("cycles", (long) s.cycles());
        m.put("compensating", s.compensating());
        m.put("signals", view(s.signals(), Bindings::signal));
        return m;
    }

    private static Map<String, Object> signal(SignalView s) {
        return Map.of(
                "name",
                s.name(),
                "fromDomain",
                s.fromDomain(),
                "payload",
                json(s.payload()),
                "receivedAt",
                s.receivedAt());
    }

    private static Map<String, Object> entry(EntryView e) {
        return Map.of(
                "seq",
                e.seq(),
                "time",
                e.time(),
                "nodeId",
                e.nodeId(),
                "domain",
                e.trustDomain(),
                "action",
                e.action().name(),
                "stepId",
                e.stepId());
    }

    private static Map<String, Object> peer(PeerView p) {
        if (p == null) {
            return Map.of("nodeId", "", "domain", "", "address", "", "labels", Map.of(), "capabilities", List.of());
        }
        return Map.of(
                "nodeId",
                p.nodeId(),
                "domain",
                p.trustDomain(),
                "address",
                p.address(),
                "labels",
                p.labels(),
                "capabilities",
                sorted(p.capabilities()));
    }

    /**
     * {@code list} with each element converted when it is read: the history of a long-lived object is not
     * converted on every evaluation, only as far as an expression looks into it.
     */
    private static <T> List<Object> view(List<T> list, Function<T, Object> convert) {
        final class View extends AbstractList<Object> implements RandomAccess {
            @Override
            public Object get(int index) {
                return convert.apply(list.get(index));
            }

            @Override
            public int size() {
                return list.size();
            }
        }
        return new View();
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }

    /** A JSON-like value with CEL's number types: integral numbers as long, the others as double. */
    @SuppressWarnings("unchecked")
    static Object json(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, x) -> {
                if (x != null) {
                    out.put(k, json(x));
                }
            });
            return out;
        }
        if (v instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                if (x != null) {
                    out.add(json(x));
                }
            }
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && !(v instanceof Long) && !(v instanceof Double)) {
            return n.doubleValue();
        }
        return v;
    }
}
