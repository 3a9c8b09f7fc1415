package io.mre.testkit;

import io.mre.spi.ActionKind;
import io.mre.spi.Lifecycle;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link EngineRun}; a failure prints the object's whole history. Start with
 * {@link MreAssertions#assertThatRun}.
 *
 * <pre>{@code
 * assertThatRun(harness.run(claim)).isCompleted().hasActions(EXECUTE, EXECUTE, TERMINATE);
 * assertThatRun(harness.run(bigClaim)).hasEnded(Ending.REJECTED).hasEntryWithReasonContaining("10000");
 * }</pre>
 */
public final class EngineRunAssert extends AbstractAssert<EngineRunAssert, EngineRun> {
    EngineRunAssert(EngineRun actual) {
        super(actual, EngineRunAssert.class);
    }

    /** The object ended COMPLETED. */
    public EngineRunAssert isCompleted() {
        return hasEnded(Ending.COMPLETED);
    }

    public EngineRunAssert hasEnded(Ending ending) {
        isNotNull();
        if (!actual.ending().equals(java.util.Optional.of(ending))) {
            failWithMessage("Expected the object to end %s but:%n%s", ending, actual);
        }
        return this;
    }

    public EngineRunAssert isDormant() {
        isNotNull();
        if (actual.lifecycle() != Lifecycle.DORMANT) {
            failWithMessage("Expected the object to be dormant but:%n%s", actual);
        }
        return this;
    }

    public EngineRunAssert hasExit(Exit exit) {
        isNotNull();
        if (actual.exit() != exit) {
            failWithMessage("Expected the visit to end %s but:%n%s", exit, actual);
        }
        return this;
    }

    /** The visit ended delegating the object to peer {@code nodeId}. */
    public EngineRunAssert isDelegatedTo(String nodeId) {
        hasExit(Exit.DELEGATED);
        if (actual.delegatedTo().map(p -> !p.nodeId().equals(nodeId)).orElse(true)) {
            failWithMessage("Expected a delegation to '%s' but:%n%s", nodeId, actual);
        }
        return this;
    }

    /** This visit took exactly these actions, in order. */
    public EngineRunAssert hasActions(ActionKind... actions) {
        isNotNull();
        if (!actual.actions().equals(List.of(actions))) {
            failWithMessage("Expected the actions %s but were %s:%n%s", List.of(actions), actual.actions(), actual);
        }
        return this;
    }

    /** Some entry of the object has a decision reason or detail containing {@code text}. */
    public EngineRunAssert hasEntryWithReasonContaining(String text) {
        isNotNull();
        if (actual.history().stream()
                .noneMatch(e -> e.reason().contains(text) || e.detail().contains(text))) {
            failWithMessage("Expected an entry whose reason contains <%s> but:%n%s", text, actual);
        }
        return this;
    }
}
