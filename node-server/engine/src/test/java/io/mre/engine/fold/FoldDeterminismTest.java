package io.mre.engine.fold;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.BETA;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.TestMesh.signal;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.Engine;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.codec.Limits;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import io.mre.spi.Lifecycle;
import io.mre.spi.PeerView;
import io.mre.spi.PlanPatch;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized (seeded) histories — random plans, handlers that fail or succeed at random, deferrals, awaits,
 * signals, advised mutations, cancellations, several nodes — fold to one state: the engine's incremental fold,
 * a fold from scratch, the fold carried by verification or out of a visit, and a fold of the object after a
 * serialize/parse round trip are all equal after every visit.
 */
class FoldDeterminismTest {
    /** Await conditions use the first two; inputs any, "review" waking an object dormant for review. */
    private static final String[] SIGNALS = {"go", "approved", "noise", "review"};

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomHistory_foldsToTheSameStateEverywhere(long seed) {
        Engine auditor = TestMesh.engine(BETA_1, new FakeClock()).build();
        randomHistory(seed, (visit, v) -> {
            ExecutableObject object = v.object().object();
            VerifiedObject verified = auditor.verify(object);
            assertThat(Fold.of(verified.header(), verified.entries()).state(object.getIntent()))
                    .as("seed %d visit %d: fold from scratch", seed, visit)
                    .isEqualTo(v.state());
            assertThat(verified.fold().state(object.getIntent()))
                    .as("seed %d visit %d: fold carried by verification", seed, visit)
                    .isEqualTo(v.state());
            assertThat(v.object().fold().state(object.getIntent()))
                    .as("seed %d visit %d: fold carried out of the visit", seed, visit)
                    .isEqualTo(v.state());
            assertThat(v.object().outputViews())
                    .as("seed %d visit %d: outputs converted as folded", seed, visit)
                    .isEqualTo(verified.outputViews())
                    .isEqualTo(Views.outputs(v.state().outputs()));
            ExecutableObject reparsed = reparse(object);
            VerifiedObject again = auditor.verify(reparsed);
            assertThat(Fold.of(again.header(), again.entries()).state(reparsed.getIntent()))
                    .as("seed %d visit %d: fold after a round trip", seed, visit)
                    .isEqualTo(v.state());
            VerifiedObject decoded = auditor.verify(ObjectCodec.parse(object.toByteArray(), Limits.DEFAULT));
            assertThat(Fold.of(decoded.header(), decoded.entries())
                            .state(decoded.object().getIntent()))
                    .as("seed %d visit %d: fold after ObjectCodec.parse", seed, visit)
                    .isEqualTo(v.state());
        });
    }

    @Test
    void randomHistories_coverEveryActionAndTerminalStatus() {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        Set<TerminalStatus> statuses = EnumSet.noneOf(TerminalStatus.class);
        seeds().forEach(seed -> {
            ExecutableObject last = randomHistory(seed, (visit, v) -> {});
            actions.addAll(TestMesh.actions(last));
            TestMesh.entries(last).forEach(e -> statuses.add(e.getTerminate().getStatus()));
        });

        assertThat(actions)
                .contains(
                        Action.ACTION_EXECUTE,
                        Action.ACTION_MUTATE,
                        Action.ACTION_DELEGATE,
                        Action.ACTION_DORMANT,
                        Action.ACTION_REENTER,
                        Action.ACTION_TERMINATE);
        assertThat(statuses)
                .contains(
                        TerminalStatus.TERMINAL_STATUS_COMPLETED,
                        TerminalStatus.TERMINAL_STATUS_FAILED,
                        TerminalStatus.TERMINAL_STATUS_REJECTED,
                        TerminalStatus.TERMINAL_STATUS_CANCELLED);
    }

    /**
     * No false alarms: a thousand of the engine's own histories (every action, retries, compensation, review,
     * mutation by the owner and by a replan domain, delegation, failed transfers, dormancy, signals) replay as
     * lawful at every node that receives them and at an auditor.
     */
    @Test
    void randomHistories_aThousandSeeds_replayAsLawful() {
        Engine auditor = TestMesh.engine(BETA_1, new FakeClock()).build();
        Set<Action> actions = EnumSet.noneOf(Action.class);
        int[] failedTransfers = {0};
        int[] mutationsByReplanDomain = {0};
        int[] reviews = {0};
        int[] compensations = {0};
        LongStream.range(0, 1000).forEach(seed -> {
            ExecutableObject last = randomHistory(seed, (visit, v) -> {});
            auditor.verify(last);
            List<io.mre.proto.v1.Entry> entries = TestMesh.entries(last);
            for (int i = 0; i < entries.size(); i++) {
                io.mre.proto.v1.Entry e = entries.get(i);
                actions.add(e.getAction());
                if (e.getAction() == Action.ACTION_DELEGATE
                        && i + 1 < entries.size()
                        && entries.get(i + 1).getNode().equals(e.getNode())) {
                    failedTransfers[0]++;
                }
                if (e.getAction() == Action.ACTION_MUTATE
                        && e.getNode().getTrustDomain().equals(BETA)) {
                    mutationsByReplanDomain[0]++;
                }
                if (e.getAction() == Action.ACTION_REENTER
                        && i > 0
                        && entries.get(i - 1).getDormant().getCause()
                                == io.mre.proto.v1.DormantCause.DORMANT_CAUSE_REVIEW) {
                    reviews[0]++;
                }
                if (e.getExecute().getCompensation()) {
                    compensations[0]++;
                }
            }
        });

        assertThat(actions)
                .contains(
                        Action.ACTION_EXECUTE,
                        Action.ACTION_MUTATE,
                        Action.ACTION_DELEGATE,
                        Action.ACTION_DORMANT,
                        Action.ACTION_REENTER,
                        Action.ACTION_TERMINATE);
        assertThat(failedTransfers[0]).as("failed transfers").isPositive();
        assertThat(mutationsByReplanDomain[0])
                .as("mutations by a replan domain")
                .isPositive();
        assertThat(reviews[0]).as("re-entries after a review").isPositive();
        assertThat(compensations[0]).as("compensations").isPositive();
    }

    /** Runs up to 40 visits at random nodes with random inputs; calls {@code check} after each; returns the object. */
    private static ExecutableObject randomHistory(long seed, BiConsumer<Integer, Visit> check) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        List<Engine> nodes = List.of(
                node(ALPHA_1, clock, random, peer(BETA_1)),
                node(ALPHA_2, clock, random, peer(BETA_1)),
                node(BETA_1, clock, random, peer(ALPHA_1)));
        ExecutableObject object = TestMesh.create(randomIntent(random), randomContext(random, clock), clock);
        Visit last = null;
        for (int visit = 0; visit < 40; visit++) {
            Visit v;
            if (last != null && last.exit() == Visit.Exit.DELEGATED) {
                // Custody goes where the DELEGATE says; sometimes the target is unreachable and the delegator
                // re-decides without it (as NodeRuntime does), which must not count as a hop.
                String target = last.delegateTo().orElseThrow().nodeId();
                Engine delegator =
                        byId(nodes, TestMesh.entries(object).getLast().getNode().getNodeId());
                v = random.nextInt(4) == 0
                        ? delegator.run(delegator.verify(object), VisitInput.redecide(Set.of(target)))
                        : submit(byId(nodes, target), object, VisitInput.NONE);
            } else {
                v = submit(nodes.get(random.nextInt(nodes.size())), object, randomInput(random, clock));
            }
            last = v;
            object = v.object().object();
            check.accept(visit, v);
            if (v.state().lifecycle() == Lifecycle.TERMINATED) {
                break;
            }
            clock.advance(Duration.ofMinutes(random.nextInt(150)));
        }
        return object;
    }

    private static Engine byId(List<Engine> nodes, String nodeId) {
        return nodes.stream()
                .filter(n -> n.self().nodeId().equals(nodeId))
                .findFirst()
                .orElseThrow();
    }

    private static PeerView peer(io.mre.crypto.SigningKey key) {
        return TestMesh.peer(key, "op.ok", "op.flaky", "undo");
    }

    private static ExecutableObject reparse(ExecutableObject object) {
        try {
            return ExecutableObject.parseFrom(object.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Engine node(io.mre.crypto.SigningKey key, FakeClock clock, Random random, PeerView peer) {
        return TestMesh.engine(key, clock)
                .maxCyclesPerVisit(3 + random.nextInt(15))
                .peers(peer)
                .handlers(
                        flaky("op.flaky", random),
                        flaky("undo", random),
                        RecordingHandler.of(
                                "op.ok",
                                i -> HandlerResult.success(Map.of("n", random.nextInt(1000), "at", Map.of("k", "v")))))
                .policies(moody(random))
                .advisors(planner(random))
                .build();
    }

    private static RecordingHandler flaky(String operation, Random random) {
        return new RecordingHandler(operation, i -> {
            int r = random.nextInt(100);
            if (r < 55) {
                return HandlerResult.success(Map.of("attempt", i.attempt()));
            } else if (r < 80) {
                return HandlerResult.retryableFailure("BUSY", "busy");
            } else if (r < 95) {
                return HandlerResult.failure("DECLINED", "declined");
            }
            throw new IllegalStateException("crash " + r);
        });
    }

    private static Policy moody(Random random) {
        return Policies.of("moody", e -> {
            int r = random.nextInt(100);
            if (e.candidate() instanceof CandidateAction.Mutate) {
                return r < 70 ? Verdict.permit() : Verdict.reject("not today");
            }
            if (r < 8) {
                return Verdict.defer(Reentry.after(Duration.ofMinutes(1 + random.nextInt(90))), "later");
            }
            if (r < 12) {
                return Verdict.defer(Reentry.onSignal("go"), "wait for go");
            }
            return r < 13 ? Verdict.reject("refused") : Verdict.permit();
        });
    }

    private static Advisor planner(Random random) {
        int[] counter = {0};
        return new Advisor() {
            @Override
            public String name() {
                return "planner";
            }

            @Override
            public List<Advice> advise(Evaluation e) {
                if (random.nextInt(100) >= 10 || e.candidate().step().isEmpty()) {
                    return List.of();
                }
                String after = e.candidate().step().get().id();
                return List.of(Advice.mutate(
                        PlanPatch.insertAfter(after, StepView.of("m" + counter[0]++, "op.ok", Map.of("x", 1))),
                        "one more step"));
            }
        };
    }

    private static Intent randomIntent(Random random) {
        Intent.Builder intent = Intent.newBuilder()
                .setName("random")
                .setVersion("1")
                .setOnFailure(FailureMode.forNumber(random.nextInt(4)));
        if (random.nextBoolean()) {
            intent.addReplanDomains(BETA); // else the planner's advice at beta-1 is recorded but not applied
        }
        int steps = 1 + random.nextInt(6);
        for (int i = 0; i < steps; i++) {
            Step.Builder s = step("s" + i, random.nextBoolean() ? "op.flaky" : "op.ok").toBuilder();
            RetryPolicy.Builder retry = RetryPolicy.newBuilder().setMaxAttempts(1 + random.nextInt(3));
            if (random.nextBoolean()) {
                retry.setInitialBackoff(Timestamps.toProto(Duration.ofSeconds(1 + random.nextInt(600))))
                        .setBackoffMultiplier(1 + random.nextInt(3));
            }
            s.setRetry(retry);
            if (random.nextInt(10) < 2) {
                s.setRouting(Routing.newBuilder().setTrustDomain(random.nextBoolean() ? ALPHA : BETA));
            }
            if (random.nextInt(10) < 4) {
                s.setCompensation(Compensation.newBuilder().setOperation("undo"));
            }
            int await = random.nextInt(10);
            if (await < 2) {
                s.setAwaitCondition(ReentryCondition.newBuilder()
                        .setAfter(Timestamps.toProto(Duration.ofMinutes(1 + random.nextInt(120)))));
            } else if (await < 3) {
                s.setAwaitCondition(ReentryCondition.newBuilder()
                        .setSignal(SIGNALS[random.nextInt(2)])
                        .addAllSignalFromDomains(random.nextBoolean() ? List.of() : List.of(BETA)));
            }
            intent.addSteps(s);
        }
        return intent.build();
    }

    private static Context randomContext(Random random, FakeClock clock) {
        Context.Builder c = Context.newBuilder().setTenant("t").setOwnerDomain(ALPHA);
        if (random.nextInt(4) == 0) {
            c.setDeadline(Timestamps.toProto(clock.instant().plus(Duration.ofHours(1 + random.nextInt(48)))));
        }
        if (random.nextInt(4) == 0) {
            c.setCycleBudget(10 + random.nextInt(40));
        }
        return c.build();
    }

    private static VisitInput randomInput(Random random, FakeClock clock) {
        int r = random.nextInt(100);
        if (r < 25) {
            return VisitInput.signal(
                    signal(SIGNALS[random.nextInt(SIGNALS.length)], random.nextBoolean() ? ALPHA : BETA, clock));
        }
        return r < 27 ? VisitInput.cancel("random cancel") : VisitInput.NONE;
    }
}
