package io.mre.it.faults;

import static io.mre.it.mesh.Plans.awaitingDelay;
import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.step;

import io.mre.it.mesh.Plans;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The plans of the fault and load runs: each crosses domains several times and, without faults, completes. Every
 * step runs the recording handler, which writes its applied idempotency keys under {@code recordDir}.
 */
enum Workload {
    /** own, other, own, other: three custody transfers. */
    LINEAR,
    /** own, then the stateless node's domain, then the other domain. */
    STATELESS,
    /** own, a timer (from the object's dormancy) in the other domain, own again. */
    TIMER,
    /** own, the other domain once the test signals "go", own again. */
    SIGNAL;

    static final String SIGNAL_NAME = "go";
    static final Duration TIMER_DELAY = Duration.ofMillis(300);

    /** A fresh object of this plan, owned by {@code own}, whose other domain is {@code other}. */
    ExecutableObject create(String own, String other, Path recordDir) {
        String op = FaultMesh.OPERATION;
        List<Step> steps = switch (this) {
            case LINEAR ->
                List.of(step("s1", op, own), step("s2", op, other), step("s3", op, own), step("s4", op, other));
            case STATELESS -> List.of(step("s1", op, own), step("s2", op, FaultMesh.GAMMA), step("s3", op, other));
            case TIMER ->
                List.of(step("s1", op, own), awaitingDelay(step("s2", op, other), TIMER_DELAY), step("s3", op, own));
            case SIGNAL ->
                List.of(step("s1", op, own), awaitingSignal(step("s2", op, other), SIGNAL_NAME), step("s3", op, own));
        };
        return Plans.object(own, Map.of("recordDir", recordDir.toString()), steps.toArray(Step[]::new));
    }
}
