package io.mre.testkit;

import static io.mre.spi.ActionKind.DELEGATE;
import static io.mre.spi.ActionKind.DORMANT;
import static io.mre.spi.ActionKind.EXECUTE;
import static io.mre.spi.ActionKind.MUTATE;
import static io.mre.spi.ActionKind.REENTER;
import static io.mre.spi.ActionKind.TERMINATE;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withParam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.HandlerResult;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.Reentry;
import io.mre.spi.SpiVersion;
import io.mre.spi.Verdict;
import io.mre.testkit.example.FraudCheckAdvisor;
import io.mre.testkit.example.NoLargePayments;
import io.mre.testkit.example.RequireApproval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineHarnessTest {
    private final EngineHarness insurer = EngineHarness.forNode(node("n1", "insurer.example"))
            .handler(succeeding("credit.check", Map.of("score", 700)))
            .handler(TestHandlers.of(
                    "payment.transfer",
                    i -> HandlerResult.success(Map.of("paid", i.params().get("amount")))));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 12_000))
            .context(c -> c.withOwnerDomain("insurer.example"));

    @Test
    void twoStepObject_runsToCompleted() {
        EngineRun run = insurer.run(claim);

        assertThatRun(run).isCompleted().hasExit(Exit.TERMINATED).hasActions(EXECUTE, EXECUTE, TERMINATE);
        assertThat(run.entries()).extracting(RecordedEntry::stepId).containsExactly("check", "pay", "");
        assertThat(run.entries().get(0).output()).containsEntry("score", 700.0);
        assertThat(run.entries().get(1).entry().getExecute().getIdempotencyKey())
                .isEqualTo(ObjectBuilder.DEFAULT_ID + "/pay/1");
        assertThat(run.entries().get(1).verdict()).isEqualTo(VerdictKind.PERMIT);
        assertThat(run.lastEntry().ending()).contains(Ending.COMPLETED);
        assertThat(run.lastEntry().node()).isEqualTo("n1@insurer.example");
    }

    @Test
    void rejectingPolicy_endsTheObjectRejected_withItsReasonRecorded() {
        EngineRun run = insurer.policy(new NoLargePayments(10_000)).run(claim);

        assertThatRun(run)
                .hasEnded(Ending.REJECTED)
                .hasActions(EXECUTE, TERMINATE)
                .hasEntryWithReasonContaining("no-large-payments: payment of 12000 above the limit of 10000");
        assertThat(run.lastEntry().verdict()).isEqualTo(VerdictKind.REJECT);
        assertThat(run.lastEntry().judgements()).containsEntry("no-large-payments", VerdictKind.REJECT);
    }

    @Test
    void throwingPolicy_failsClosedEndToEnd() {
        EngineRun run = insurer.policy(PolicyHarnessTest.policy("boom", e -> {
                    throw new IllegalStateException("no database");
                }))
                .run(claim);

        assertThatRun(run)
                .hasEnded(Ending.REJECTED)
                .hasActions(TERMINATE)
                .hasEntryWithReasonContaining("policy error: boom failed");
    }

    @Test
    void deferralUntilASignal_parksTheObject_andTheSignalResumesIt() {
        EngineHarness harness = insurer.policy(new RequireApproval());

        EngineRun parked = harness.run(claim);
        assertThatRun(parked)
                .isDormant()
                .hasActions(EXECUTE, DORMANT)
                .hasEntryWithReasonContaining("payment awaits approval by insurer.example");
        assertThat(parked.lastEntry().verdict()).isEqualTo(VerdictKind.DEFER);

        assertThatRun(harness.signal(parked, "approved", "elsewhere.example"))
                .isDormant()
                .hasActions(DORMANT);
        EngineRun approved = harness.signal(parked, "approved", "insurer.example");
        assertThatRun(approved).isCompleted().hasActions(REENTER, EXECUTE, TERMINATE);
        assertThat(approved.entries().get(0).signals()).containsExactly("approved");
    }

    @Test
    void deferralUntilATime_wakesWhenTheClockGetsThere() {
        TestClock clock = TestClock.startingNow();
        Instant opening = clock.instant().plus(Duration.ofHours(2));
        Policy hours = PolicyHarnessTest.policy(
                "opening-hours",
                e -> e.now().isBefore(opening)
                        ? Verdict.defer(Reentry.at(opening), "closed until " + opening)
                        : Verdict.permit("open"));
        EngineHarness harness = insurer.withClock(clock).policy(hours);

        EngineRun parked = harness.run(claim);
        assertThatRun(parked).isDormant().hasActions(DORMANT);

        clock.advance(Duration.ofHours(1));
        assertThatRun(harness.resume(parked)).isDormant().hasActions();
        clock.advance(Duration.ofHours(1));
        assertThatRun(harness.resume(parked)).isCompleted().hasActions(REENTER, EXECUTE, EXECUTE, TERMINATE);
    }

    @Test
    void stepWithoutALocalHandler_isDelegatedToAFakePeer_whoCanFinishIt() {
        EngineHarness insurerOnly = EngineHarness.forNode(node("n1", "insurer.example"))
                .handler(succeeding("credit.check"))
                .peer(peer("b1", "bank.example", "payment.transfer"));

        EngineRun handedOver = insurerOnly.run(claim);
        assertThatRun(handedOver).isDelegatedTo("b1").hasActions(EXECUTE, DELEGATE);

        EngineRun atTheBank = insurerOnly
                .otherNode(node("b1", "bank.example"))
                .handler(succeeding("payment.transfer"))
                .run(handedOver.object());
        assertThatRun(atTheBank).isCompleted().hasActions(EXECUTE, TERMINATE);
        assertThat(atTheBank.history())
                .extracting(RecordedEntry::node)
                .containsExactly("n1@insurer.example", "n1@insurer.example", "b1@bank.example", "b1@bank.example");
    }

    @Test
    void builtHistory_isWhereTheEnginePicksUp() {
        EngineRun run = insurer.run(claim.completed("check").hops(1));

        assertThatRun(run).isCompleted().hasActions(EXECUTE, TERMINATE);
        assertThat(run.state().hops()).isEqualTo(1);
        assertThat(run.history()).hasSize(4);
    }

    @Test
    void advisorSuggestion_becomesAMutation_whenPoliciesPermitIt() {
        EngineHarness harness = insurer.advisor(new FraudCheckAdvisor()).handler(succeeding("fraud.check"));

        EngineRun run = harness.run(claim);
        assertThatRun(run).isCompleted().hasActions(EXECUTE, MUTATE, EXECUTE, EXECUTE, TERMINATE);
        assertThat(run.entries())
                .extracting(RecordedEntry::stepId)
                .containsExactly("check", "", "fraud-check", "pay", "");
        assertThat(run.entries().get(1).detail()).contains("suggested by fraud-check-advisor");
    }

    @Test
    void cancel_endsTheObjectCancelled() {
        EngineRun parked = insurer.policy(new RequireApproval()).run(claim);

        assertThatRun(insurer.cancel(parked, "customer withdrew"))
                .hasEnded(Ending.CANCELLED)
                .hasEntryWithReasonContaining("customer withdrew");
    }

    @Test
    void explain_saysWhatTheNodeWouldDo_withoutDoingIt() {
        var explanation = insurer.policy(new NoLargePayments(10_000)).explain(claim.completed("check"));

        assertThat(explanation.stepId()).isEqualTo("pay");
        assertThat(explanation.decision().getReason()).contains("above the limit");
    }

    @Test
    void plugin_isLoadedThroughItsFactoriesWithItsSettings() {
        MrePlugin plugin = new MrePlugin() {
            public String name() {
                return "acme";
            }

            public int spiVersion() {
                return SpiVersion.CURRENT;
            }

            public List<PolicyFactory> policies() {
                return List.of(new PolicyFactory() {
                    public String name() {
                        return "no-large-payments";
                    }

                    public Policy create(PluginSettings settings) {
                        return new NoLargePayments(settings.requireOnly("limit").number("limit", 10_000));
                    }
                });
            }
        };

        assertThatRun(insurer.plugin(plugin, Map.of("no-large-payments", Map.of("limit", 20_000)))
                        .run(claim))
                .isCompleted();
        assertThatRun(insurer.plugin(plugin).run(claim)).hasEnded(Ending.REJECTED);
    }

    @Test
    void plugin_forAnotherSpiVersion_isRefused() {
        MrePlugin old = new MrePlugin() {
            public String name() {
                return "old";
            }

            public int spiVersion() {
                return SpiVersion.CURRENT + 1;
            }
        };

        assertThatThrownBy(() -> insurer.plugin(old))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPI version");
    }

    @Test
    void runAssertions_printTheHistoryOnFailure() {
        EngineRun run = insurer.run(claim);

        assertThatThrownBy(() -> assertThatRun(run).hasEnded(Ending.FAILED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("#2 TERMINATE by n1@insurer.example");
        assertThat(run.toString()).contains("#0 EXECUTE 'check' attempt 1");
    }
}
