package io.mre.testkit;

import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static io.mre.testkit.TestObjects.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.engine.MreException;
import io.mre.engine.fold.Fold;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.engine.view.Views;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.ActionKind;
import io.mre.spi.Lifecycle;
import io.mre.spi.ObjectView;
import io.mre.spi.Reentry;
import io.mre.spi.StateView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectBuilderTest {
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check", withParam("applicant", "A-1"))
            .step(
                    "pay",
                    "payment.transfer",
                    withParam("amount", 12_000),
                    withCompensation("payment.refund"),
                    withRetries(3))
            .input("claim", "C-1")
            .context(c -> c.withTenant("acme")
                    .withOwnerDomain("insurer.example")
                    .withResidency("eu-west")
                    .withDeadline(Instant.parse("2026-01-06T00:00:00Z"))
                    .withLabel("vip", "true"));

    @Test
    void view_showsThePlanAndTheContext() {
        ObjectView view = claim.view();

        assertThat(view.objectId()).isEqualTo(ObjectBuilder.DEFAULT_ID);
        assertThat(view.originDomain()).isEqualTo(ObjectBuilder.DEFAULT_ORIGIN);
        assertThat(view.intent().name()).isEqualTo("claim.settle");
        assertThat(view.intent().input()).containsEntry("claim", "C-1");
        assertThat(view.intent().steps()).extracting(s -> s.id()).containsExactly("check", "pay");
        assertThat(view.intent().step("pay").orElseThrow().params()).containsEntry("amount", 12_000.0);
        assertThat(view.intent().step("pay").orElseThrow().compensationOperation())
                .isEqualTo("payment.refund");
        assertThat(view.intent().step("pay").orElseThrow().maxAttempts()).isEqualTo(3);
        assertThat(view.context().tenant()).isEqualTo("acme");
        assertThat(view.context().ownerDomain()).isEqualTo("insurer.example");
        assertThat(view.context().residencyRegions()).containsExactly("eu-west");
        assertThat(view.context().deadline()).contains(Instant.parse("2026-01-06T00:00:00Z"));
        assertThat(view.context().labels()).containsEntry("vip", "true");
        assertThat(view.state().lifecycle()).isEqualTo(Lifecycle.ACTIVE);
        assertThat(view.state().nextStepId()).contains("check");
        assertThat(view.history()).isEmpty();
    }

    @Test
    void completed_recordsTheStepAndItsOutput() {
        StateView state = claim.completed("check", Map.of("score", 700)).view().state();

        assertThat(state.completedSteps()).containsExactly("check");
        assertThat(state.outputs().get("check")).containsEntry("score", 700.0);
        assertThat(state.attempts()).containsEntry("check", 1);
        assertThat(state.nextStepId()).contains("pay");
    }

    @Test
    void attempts_recordFailedAttemptsThatLeaveTheStepRunnable() {
        ObjectView view = claim.completed("check").attempts("pay", 2).view();

        assertThat(view.state().attempts()).containsEntry("pay", 2);
        assertThat(view.state().nextStepId()).contains("pay");
        assertThat(view.history())
                .extracting(e -> e.action())
                .containsExactly(ActionKind.EXECUTE, ActionKind.EXECUTE, ActionKind.EXECUTE);
    }

    @Test
    void failed_afterACompletedCompensableStep_startsCompensating() {
        ObjectBuilder two = intent("x")
                .step("pay", "payment.transfer", withCompensation("payment.refund"))
                .step("ship", "goods.ship");

        assertThat(two.completed("pay").failed("ship").view().state().compensating())
                .isTrue();
        assertThat(two.completed("pay")
                        .failed("ship")
                        .compensated("pay")
                        .view()
                        .state()
                        .compensating())
                .isFalse();
    }

    @Test
    void hops_areDelegationsWhoseTargetsRecordWhatFollows() {
        ObjectView view =
                claim.hops(2).delegated("b1", "bank.example").completed("check").view();

        assertThat(view.state().hops()).isEqualTo(3);
        assertThat(view.history())
                .extracting(e -> e.nodeId() + "@" + e.trustDomain())
                .containsExactly(
                        "origin-node@origin.example",
                        "hop-1@origin.example",
                        "hop-2@origin.example",
                        "b1@bank.example");
    }

    @Test
    void signal_onAnActiveObject_isRecordedAndLeavesItActive() {
        StateView state = claim.signal("approved", "insurer.example", Map.of("by", "alice"))
                .view()
                .state();

        assertThat(state.lifecycle()).isEqualTo(Lifecycle.ACTIVE);
        assertThat(state.signals()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("approved");
            assertThat(s.fromDomain()).isEqualTo("insurer.example");
            assertThat(s.payload()).containsEntry("by", "alice");
        });
    }

    @Test
    void signal_wakesADormantObjectWaitingForIt() {
        ObjectBuilder waiting = claim.dormant(Reentry.onSignal("approved", Set.of("insurer.example")));
        assertThat(waiting.view().state().lifecycle()).isEqualTo(Lifecycle.DORMANT);
        assertThat(waiting.view().state().pending())
                .containsExactly(Reentry.onSignal("approved", Set.of("insurer.example")));

        assertThat(waiting.signal("approved", "elsewhere.example")
                        .view()
                        .state()
                        .lifecycle())
                .isEqualTo(Lifecycle.DORMANT);
        ObjectView woken = waiting.signal("approved", "insurer.example").view();
        assertThat(woken.state().lifecycle()).isEqualTo(Lifecycle.ACTIVE);
        assertThat(woken.history()).extracting(e -> e.action()).containsExactly(ActionKind.DORMANT, ActionKind.REENTER);
    }

    @Test
    void dormant_resolvesADelayAgainstItsEntryTime() {
        ObjectView view = claim.dormant(Reentry.after(Duration.ofHours(1))).view();

        Instant entryTime = view.history().get(0).time();
        assertThat(view.state().pending()).containsExactly(Reentry.at(entryTime.plus(Duration.ofHours(1))));
        assertThat(claim.dormant(Reentry.after(Duration.ofHours(1)))
                        .reentered()
                        .view()
                        .state()
                        .lifecycle())
                .isEqualTo(Lifecycle.ACTIVE);
    }

    @Test
    void terminated_endsTheObject_andNothingMayFollow() {
        ObjectBuilder ended = claim.terminated(Ending.CANCELLED);

        assertThat(ended.view().state().lifecycle()).isEqualTo(Lifecycle.TERMINATED);
        assertThatThrownBy(() -> ended.completed("check").view())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the object terminated");
    }

    @Test
    void history_referringToAnUnknownStep_namesThePlan() {
        assertThatThrownBy(() -> claim.completed("ship").view())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no step 'ship' in the plan [check, pay]");
    }

    @Test
    void view_ofAnEmptyPlan_isRefusedAsANodeWould() {
        assertThatThrownBy(() -> intent("empty").view())
                .isInstanceOf(MreException.class)
                .hasMessageContaining("the plan is empty");
    }

    @Test
    void builder_isImmutable() {
        ObjectBuilder base = intent("x").step("a", "op.a");
        ObjectBuilder changed = base.step("b", "op.b").completed("a").context(c -> c.withTenant("t2"));

        assertThat(base.steps()).hasSize(1);
        assertThat(base.history()).isEmpty();
        assertThat(base.context().tenant()).isEqualTo("test-tenant");
        assertThat(changed.steps()).hasSize(2);
    }

    @Test
    void withOrigin_movesTheOwnerDomainAlongUnlessSetApart() {
        assertThat(intent("x")
                        .step("a", "op.a")
                        .withOrigin("acme.example")
                        .view()
                        .context()
                        .ownerDomain())
                .isEqualTo("acme.example");
        assertThat(intent("x")
                        .step("a", "op.a")
                        .context(c -> c.withOwnerDomain("owner.example"))
                        .withOrigin("acme.example")
                        .view()
                        .context()
                        .ownerDomain())
                .isEqualTo("owner.example");
    }

    @Test
    void signed_verifiesAndFoldsToTheSameViewAsTheBuilder() {
        TestPki pki = TestPki.create();
        ObjectBuilder built = claim.withCreatedAt(Instant.now())
                .completed("check", Map.of("score", 700))
                .attempts("pay", 1)
                .delegated("b1", "bank.example")
                .signal("approved", "insurer.example")
                .dormant(Reentry.onSignal("go"));

        ExecutableObject signed = built.signed(pki);
        VerifiedObject verified = new Verifier(VerifierSettings.strict(pki.trustBundle())).verify(signed);

        ObjectView fromSigned = Views.object(
                verified.objectId(),
                verified.header().getOrigin().getTrustDomain(),
                signed.getIntent(),
                signed.getContext(),
                Fold.of(verified.header(), verified.entries()).state(signed.getIntent()),
                verified.entries().stream().map(Views::entry).toList());
        assertThat(fromSigned).isEqualTo(built.view());
        // The signal on the active object rides on the DORMANT entry after it, as a node records it.
        assertThat(signed.getMemory().getEntriesCount()).isEqualTo(4);
        assertThat(verified.entries().get(3).getSignalsList())
                .extracting(s -> s.getName())
                .containsExactly("approved");
    }

    @Test
    void signed_beforeTheTestCertificates_explainsWhatToDo() {
        assertThatThrownBy(() -> claim.signed(TestPki.create()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withCreatedAt(clock.instant())");
    }

    @Test
    void stepOptions_shapeRoutingAndAwait() {
        ObjectView view = intent("x")
                .step(
                        "a",
                        "op.a",
                        TestObjects.routedTo("bank.example"),
                        TestObjects.requiringLabel("region", "eu-west"),
                        TestObjects.requiringCapability("pci"),
                        TestObjects.awaiting(Reentry.onSignal("go")))
                .view();

        var step = view.intent().step("a").orElseThrow();
        assertThat(step.routingDomain()).isEqualTo("bank.example");
        assertThat(step.requiredLabels()).containsEntry("region", "eu-west");
        assertThat(step.requiredCapabilities()).containsExactly("pci");
        assertThat(intent("x")
                        .step("a", "op.a", TestObjects.awaiting(Reentry.onSignal("go")))
                        .intentProto()
                        .getSteps(0)
                        .getAwaitCondition()
                        .getSignal())
                .isEqualTo("go");
    }
}
