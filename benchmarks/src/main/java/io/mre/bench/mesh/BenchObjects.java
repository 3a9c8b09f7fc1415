package io.mre.bench.mesh;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.bench.mesh.plugin.NoopHandler;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.Plugins;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifierSettings;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/** The objects the mesh benchmarks send: small plans of {@code noop} steps, as a client creates them. */
final class BenchObjects {
    private BenchObjects() {}

    /** A {@code noop} step that must run in {@code domain}. */
    static Step step(String id, String domain) {
        return Step.newBuilder()
                .setId(id)
                .setOperation(NoopHandler.OPERATION)
                .setParams(Struct.newBuilder()
                        .putFields("n", Value.newBuilder().setNumberValue(1).build()))
                .setRouting(Routing.newBuilder().setTrustDomain(domain))
                .build();
    }

    /** The step waits {@code delay} (from the moment the object goes dormant) before it runs. */
    static Step after(Step step, Duration delay) {
        return step.toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder().setAfter(Timestamps.toProto(delay)))
                .build();
    }

    /** A new object of {@code domain} with an unsigned header (as a client creates it) and these steps. */
    static ExecutableObject create(String domain, Step... steps) {
        Intent intent = Intent.newBuilder()
                .setName("mesh-bench")
                .setVersion("1")
                .setInput(Struct.newBuilder()
                        .putFields(
                                "order",
                                Value.newBuilder().setStringValue("A-1042").build()))
                .addAllSteps(List.of(steps))
                .build();
        Context context =
                Context.newBuilder().setTenant("bench").setOwnerDomain(domain).build();
        return ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor("mesh-bench")
                        .setTrustDomain(domain)
                        .build(),
                Optional.empty(),
                InstantSource.system());
    }

    /**
     * {@code count} objects whose last entry is a DELEGATE by {@code sender} to {@code target}: exactly what a sender
     * node puts on the wire in {@code FederationService.Delegate}. Each is a one-step plan routed to the target's
     * domain, run by a real engine holding the sender's key (one signed entry per object). Built on all cores.
     */
    static ExecutableObject[] delegated(int count, SigningKey sender, TrustBundle trust, PeerView target) {
        EngineSettings settings = new EngineSettings(VerifierSettings.strict(trust), 8, 16, Duration.ofSeconds(5));
        Engine engine = new Engine(
                settings,
                sender,
                Map.of(),
                Plugins.of(List.of(), List.of(), List.of()),
                () -> List.of(target),
                ExpressionEvaluator.NONE,
                InstantSource.system());
        return IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> {
                    ExecutableObject created = create(sender.trustDomain(), step("s1", target.trustDomain()));
                    Visit visit = engine.run(engine.verify(created), VisitInput.NONE);
                    if (visit.exit() != Visit.Exit.DELEGATED) {
                        throw new IllegalStateException("the sender engine did not delegate: " + visit.exit());
                    }
                    Entry last = visit.object().entries().getLast();
                    if (last.getAction() != Action.ACTION_DELEGATE) {
                        throw new IllegalStateException("last entry is " + last.getAction());
                    }
                    return visit.object().object();
                })
                .toArray(ExecutableObject[]::new);
    }

    /** The target as a sender's peer directory describes it. */
    static PeerView peer(String nodeId, String domain, String address) {
        return new PeerView(nodeId, domain, address, Map.of(), Set.of(NoopHandler.OPERATION));
    }
}
