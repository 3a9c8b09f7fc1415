package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state folded from the memory: the same bytes fold to the same state on every node.
 *
 * @param lifecycle active, dormant or terminated
 * @param nextStepId the next step to run, if any
 * @param attempts attempts made per step id
 * @param completedSteps ids of steps that succeeded
 * @param outputs outputs per completed step id
 * @param hops delegations so far
 * @param cycles entries so far
 * @param pending reentry conditions a dormant object waits for
 * @param compensating true when the object is undoing completed steps after a failure
 * @param signals signals received so far, oldest first
 */
public record StateView(
        Lifecycle lifecycle,
        Optional<String> nextStepId,
        Map<String, Integer> attempts,
        Set<String> completedSteps,
        Map<String, Map<String, Object>> outputs,
        int hops,
        int cycles,
        List<Reentry> pending,
        boolean compensating,
        List<SignalView> signals) {
    public StateView {
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(nextStepId, "nextStepId is null");
        attempts = Map.copyOf(attempts);
        completedSteps = Set.copyOf(completedSteps);
        outputs = Map.copyOf(outputs);
        pending = List.copyOf(pending);
        signals = List.copyOf(signals);
    }
}
