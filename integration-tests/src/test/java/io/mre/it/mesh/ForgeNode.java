package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;

import io.mre.crypto.SigningKey;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.Plugins;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.codec.Limits;
import io.mre.engine.verify.VerifierSettings;
import io.mre.it.plugin.ItPlugin;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PeerView;
import io.mre.spi.PluginSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node without a server: the engine with a key of one of the mesh's domains, the test plugin's handlers and a
 * fixed peer list. Tests use it to make objects a real peer would send (delegated to a mesh node) and divergent
 * histories (forks), then deliver them over the wire themselves.
 */
public final class ForgeNode {
    private final Engine engine;

    private ForgeNode(Engine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    /**
     * A node {@code nodeId} of {@code domain} (certified by the mesh's CA of that domain) that executes
     * {@code operations} and knows {@code peers} (each executing the operations listed with it).
     */
    public static ForgeNode of(
            TestMesh mesh, String nodeId, String domain, List<String> operations, Map<MeshNode, Set<String>> peers) {
        SigningKey key = mesh.authority(domain).issueNode(nodeId, Duration.ofDays(1));
        List<OperationHandler> handlers = new ArrayList<>();
        for (OperationHandlerFactory f : new ItPlugin().handlers()) {
            if (operations.contains(f.name())) {
                handlers.add(f.create(new PluginSettings("handler '" + f.name() + "'", Map.of("by", nodeId))));
            }
        }
        List<PeerView> views = peers.entrySet().stream()
                .map(e -> new PeerView(
                        e.getKey().nodeId(), e.getKey().domain(), e.getKey().address(), Map.of(), e.getValue()))
                .toList();
        EngineSettings settings = new EngineSettings(
                new VerifierSettings(mesh.trustBundle(), Limits.DEFAULT, false, false), 64, 16, Duration.ofSeconds(5));
        return new ForgeNode(new Engine(
                settings,
                key,
                Map.of(),
                Plugins.of(List.of(), List.of(), handlers),
                () -> views,
                ExpressionEvaluator.NONE,
                InstantSource.system()));
    }

    /** One visit of this node to the object. */
    public Visit run(ExecutableObject object) {
        return engine.run(engine.verify(object), VisitInput.NONE);
    }

    /** Runs the object here until it leaves; asserts it left by delegation and returns it as it is sent. */
    public ExecutableObject delegate(ExecutableObject object) {
        Visit visit = run(object);
        if (visit.exit() != Visit.Exit.DELEGATED) {
            throw new AssertionError("expected a delegation, got " + visit.exit() + ": "
                    + Plans.journey(visit.object().object()));
        }
        return visit.object().object();
    }
}
