package io.mre.cli;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.PeerDirectory;
import io.mre.engine.Plugins;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.verify.VerifierSettings;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import io.mre.spi.PeerView;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real two-organization journey made with the engine, no node: insurer-1 (insurer.example) creates and signs the
 * object, runs "assess", delegates "credit-check" to bureau-1 (bureau.example), which runs it and completes.
 */
final class Journeys {
    static final String INSURER = "insurer.example";
    static final String BUREAU = "bureau.example";

    /**
     * What a journey leaves on disk.
     *
     * @param insurerKeys the insurer's keys folder (ca.*, insurer-1.*)
     * @param bureauKeys the bureau's keys folder (ca.*, bureau-1.*)
     * @param trust a folder with both CA certificates
     * @param fresh the object as created (no entries)
     * @param afterInsurer the object as insurer-1 handed it over (ends with DELEGATE)
     * @param done the final object (TERMINATE COMPLETED)
     */
    record Journey(
            Path insurerKeys,
            Path bureauKeys,
            Path trust,
            ExecutableObject fresh,
            ExecutableObject afterInsurer,
            ExecutableObject done) {
        String objectId() {
            return io.mre.engine.codec.ObjectCodec.header(fresh).getObjectId();
        }
    }

    private Journeys() {}

    static Journey twoDomains(Path dir) throws IOException {
        return twoDomains(dir, "127.0.0.1:7002");
    }

    /** As {@link #twoDomains(Path)}, the DELEGATE entry recording {@code bureauAddress} as bureau-1's address. */
    static Journey twoDomains(Path dir, String bureauAddress) throws IOException {
        CertificateAuthority insurerCa = CertificateAuthority.create(INSURER, Duration.ofDays(30));
        CertificateAuthority bureauCa = CertificateAuthority.create(BUREAU, Duration.ofDays(30));
        SigningKey insurer = insurerCa.issueNode("insurer-1", Duration.ofDays(30));
        SigningKey bureau = bureauCa.issueNode("bureau-1", Duration.ofDays(30));
        Path insurerKeys = dir.resolve("insurer-keys");
        Path bureauKeys = dir.resolve("bureau-keys");
        insurerCa.writeTo(insurerKeys);
        bureauCa.writeTo(bureauKeys);
        CertificateAuthority.writeSigningKey(insurer, insurerKeys, "insurer-1");
        CertificateAuthority.writeSigningKey(bureau, bureauKeys, "bureau-1");
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(insurerKeys.resolve("ca.crt"), trust.resolve("insurer.crt"));
        Files.copy(bureauKeys.resolve("ca.crt"), trust.resolve("bureau.crt"));
        TrustBundle bundle = TrustBundle.ofCertificates(List.of(insurerCa.certificateDer(), bureauCa.certificateDer()));

        Intent intent = Intent.newBuilder()
                .setName("claim.settle")
                .setVersion("1.0")
                .addSteps(Step.newBuilder()
                        .setId("assess")
                        .setOperation("claim.assess")
                        .setRouting(Routing.newBuilder().setTrustDomain(INSURER)))
                .addSteps(Step.newBuilder()
                        .setId("credit-check")
                        .setOperation("credit.check")
                        .setRouting(Routing.newBuilder().setTrustDomain(BUREAU)))
                .build();
        Context context =
                Context.newBuilder().setTenant("acme").setOwnerDomain(INSURER).build();
        ExecutableObject fresh = ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor("insurer-1")
                        .setTrustDomain(INSURER)
                        .build(),
                Optional.of(insurer),
                Clock.systemUTC());

        PeerView bureauPeer = new PeerView("bureau-1", BUREAU, bureauAddress, Map.of(), Set.of("credit.check"));
        Engine insurerNode = engine(insurer, bundle, List.of(bureauPeer), handler("claim.assess", Map.of("score", 7)));
        Visit first = insurerNode.run(insurerNode.verify(fresh), VisitInput.NONE);
        if (first.exit() != Visit.Exit.DELEGATED) {
            throw new IllegalStateException("expected a delegation, got " + first.exit());
        }
        Engine bureauNode = engine(bureau, bundle, List.of(), handler("credit.check", Map.of("rating", "A")));
        Visit second = bureauNode.run(bureauNode.verify(first.object().object()), VisitInput.NONE);
        if (second.exit() != Visit.Exit.TERMINATED) {
            throw new IllegalStateException("expected termination, got " + second.exit());
        }
        return new Journey(
                insurerKeys,
                bureauKeys,
                trust,
                fresh,
                first.object().object(),
                second.object().object());
    }

    private static Engine engine(SigningKey key, TrustBundle trust, List<PeerView> peers, OperationHandler handler) {
        return new Engine(
                EngineSettings.defaults(VerifierSettings.strict(trust)),
                key,
                Map.of(),
                Plugins.of(List.of(), List.of(), List.of(handler)),
                () -> peers,
                ExpressionEvaluator.NONE,
                Clock.systemUTC());
    }

    /**
     * A one-domain saga that shows the other actions: a policy DEFERs "assess" until a time (DORMANT, then REENTER
     * once the clock passes it), an advisor's advice is recorded, "pay" awaits the signal "approved" (DORMANT, then
     * REENTER on the signal), "pay" fails for good, "assess" is compensated, and the object terminates FAILED.
     */
    static ExecutableObject saga(Path dir) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(INSURER, Duration.ofDays(30));
        SigningKey insurer = ca.issueNode("insurer-1", Duration.ofDays(30));
        ca.writeTo(dir);
        TrustBundle bundle = TrustBundle.ofCertificates(List.of(ca.certificateDer()));
        Instant start = Instant.now();
        Instant opens = start.plus(Duration.ofHours(1));
        AtomicReference<Instant> now = new AtomicReference<>(start);
        InstantSource clock = now::get;

        Intent intent = Intent.newBuilder()
                .setName("claim.saga")
                .setVersion("2")
                .addSteps(Step.newBuilder()
                        .setId("assess")
                        .setOperation("claim.assess")
                        .setCompensation(Compensation.newBuilder().setOperation("claim.reopen")))
                .addSteps(Step.newBuilder()
                        .setId("pay")
                        .setOperation("payment.pay")
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("approved")))
                .build();
        ExecutableObject fresh = ObjectFactory.create(
                intent,
                Context.newBuilder().setOwnerDomain(INSURER).build(),
                Origin.newBuilder()
                        .setAuthor("insurer-1")
                        .setTrustDomain(INSURER)
                        .build(),
                Optional.of(insurer),
                clock);
        Policy businessHours = new Policy() {
            @Override
            public String name() {
                return "business-hours";
            }

            @Override
            public Verdict evaluate(Evaluation evaluation) {
                return evaluation.now().isBefore(opens)
                        ? Verdict.defer(Reentry.at(opens), "outside business hours")
                        : Verdict.permit("within business hours");
            }
        };
        Advisor advisor = new Advisor() {
            @Override
            public String name() {
                return "rule-advisor";
            }

            @Override
            public List<Advice> advise(Evaluation evaluation) {
                return List.of(Advice.suggest(ActionKind.EXECUTE, "routine claim"));
            }
        };
        OperationHandler pay = new OperationHandler() {
            @Override
            public String operation() {
                return "payment.pay";
            }

            @Override
            public HandlerResult handle(Invocation invocation) {
                return HandlerResult.failure("INSUFFICIENT_FUNDS", "account empty");
            }
        };
        Engine engine = new Engine(
                EngineSettings.defaults(VerifierSettings.strict(bundle)),
                insurer,
                Map.of(),
                Plugins.of(
                        List.of(businessHours),
                        List.of(advisor),
                        List.of(handler("claim.assess", Map.of("ok", true)), handler("claim.reopen", Map.of()), pay)),
                PeerDirectory.NONE,
                ExpressionEvaluator.NONE,
                clock);
        ExecutableObject o =
                engine.run(engine.verify(fresh), VisitInput.NONE).object().object();
        now.set(opens.plusSeconds(1));
        o = engine.run(engine.verify(o), VisitInput.NONE).object().object();
        SignalRecord approved = SignalRecord.newBuilder()
                .setName("approved")
                .setFromDomain(INSURER)
                .setPayload(Struct.newBuilder()
                        .putFields(
                                "by", Value.newBuilder().setStringValue("alice").build()))
                .setReceivedAt(io.mre.engine.time.Timestamps.toProto(now.get()))
                .build();
        Visit last = engine.run(engine.verify(o), VisitInput.signal(approved));
        if (last.exit() != Visit.Exit.TERMINATED) {
            throw new IllegalStateException("expected the saga to terminate, got " + last.exit());
        }
        return last.object().object();
    }

    /**
     * A one-domain object that a client's signal moves on and another client cancels, as a node records them: "approve"
     * awaits the signal "approved", which ops@insurer.example sends (the entry names it as {@code sender}); "pay"
     * awaits "paid", and lead@insurer.example cancels (the TERMINATE names it as {@code requested_by}).
     */
    static ExecutableObject cancelledByACaller(Path dir) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(INSURER, Duration.ofDays(30));
        SigningKey insurer = ca.issueNode("insurer-1", Duration.ofDays(30));
        ca.writeTo(dir);
        TrustBundle bundle = TrustBundle.ofCertificates(List.of(ca.certificateDer()));
        Intent intent = Intent.newBuilder()
                .setName("claim.cancel")
                .setVersion("1")
                .addSteps(Step.newBuilder()
                        .setId("approve")
                        .setOperation("claim.approve")
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("approved")))
                .addSteps(Step.newBuilder()
                        .setId("pay")
                        .setOperation("payment.pay")
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("paid")))
                .build();
        ExecutableObject fresh = ObjectFactory.create(
                intent,
                Context.newBuilder().setOwnerDomain(INSURER).build(),
                Origin.newBuilder()
                        .setAuthor("insurer-1")
                        .setTrustDomain(INSURER)
                        .build(),
                Optional.of(insurer),
                Clock.systemUTC());
        Engine engine = new Engine(
                EngineSettings.defaults(VerifierSettings.strict(bundle)),
                insurer,
                Map.of(),
                Plugins.of(List.of(), List.of(), List.of(handler("claim.approve", Map.of("ok", true)))),
                PeerDirectory.NONE,
                ExpressionEvaluator.NONE,
                Clock.systemUTC());
        ExecutableObject o =
                engine.run(engine.verify(fresh), VisitInput.NONE).object().object();
        SignalRecord approved = SignalRecord.newBuilder()
                .setName("approved")
                .setFromDomain(INSURER)
                .setSender(caller("ops"))
                .setReceivedAt(io.mre.engine.time.Timestamps.toProto(Instant.now()))
                .build();
        o = engine.run(engine.verify(o), VisitInput.signal(approved)).object().object();
        Visit last = engine.run(engine.verify(o), VisitInput.cancel("customer withdrew", caller("lead")));
        if (last.exit() != Visit.Exit.TERMINATED) {
            throw new IllegalStateException("expected the cancel to terminate, got " + last.exit());
        }
        return last.object().object();
    }

    private static CallerRef caller(String name) {
        return CallerRef.newBuilder()
                .setTrustDomain(INSURER)
                .setName(name)
                .setSubject("CN=" + name + ",O=" + INSURER)
                .build();
    }

    private static OperationHandler handler(String operation, Map<String, Object> output) {
        return new OperationHandler() {
            @Override
            public String operation() {
                return operation;
            }

            @Override
            public HandlerResult handle(Invocation invocation) {
                return HandlerResult.success(output);
            }
        };
    }

    static Path write(Path file, ExecutableObject object) throws IOException {
        Files.write(file, object.toByteArray());
        return file;
    }
}
