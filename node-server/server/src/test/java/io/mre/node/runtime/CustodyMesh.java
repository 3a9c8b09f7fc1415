package io.mre.node.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.PeerDirectory;
import io.mre.engine.Plugins;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.verify.VerifierSettings;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.Step;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import io.mre.spi.PeerView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two trust domains of signing nodes (a1; b1, b2), engines with one operation each, runtimes over RocksDB stores in
 * a temporary folder, and a clock the test moves. Closes what it opened.
 */
final class CustodyMesh implements AutoCloseable {
    static final String ALPHA = "alpha.example";
    static final String BETA = "beta.example";
    private static final Duration YEAR = Duration.ofDays(365);
    private static final CertificateAuthority ALPHA_CA = CertificateAuthority.create(ALPHA, YEAR);
    private static final CertificateAuthority BETA_CA = CertificateAuthority.create(BETA, YEAR);
    static final SigningKey A1 = ALPHA_CA.issueNode("a1", YEAR);
    static final SigningKey B1 = BETA_CA.issueNode("b1", YEAR);
    static final SigningKey B2 = BETA_CA.issueNode("b2", YEAR);
    private static final TrustBundle TRUST =
            TrustBundle.of(Map.of(ALPHA, List.of(ALPHA_CA.certificateDer()), BETA, List.of(BETA_CA.certificateDer())));
    static final PeerView A1_PEER = new PeerView("a1", ALPHA, "a1:7443", Map.of(), Set.of("op.a"));
    static final PeerView B1_PEER = new PeerView("b1", BETA, "b1:7443", Map.of(), Set.of("op.b"));
    static final PeerView B2_PEER = new PeerView("b2", BETA, "b2:7443", Map.of(), Set.of("op.b"));

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final InstantSource clock = now::get;
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    CustodyMesh(Path dir) {
        this.dir = dir;
    }

    Engine engine(SigningKey key, String operation, PeerView... peers) {
        OperationHandler handler = new OperationHandler() {
            @Override
            public String operation() {
                return operation;
            }

            @Override
            public HandlerResult handle(Invocation invocation) {
                return HandlerResult.success(Map.of("by", key.nodeId()));
            }
        };
        List<PeerView> list = List.of(peers);
        EngineSettings settings = new EngineSettings(VerifierSettings.strict(TRUST), 16, 16, Duration.ofSeconds(5));
        return new Engine(
                settings,
                key,
                Map.of(),
                Plugins.of(List.of(), List.of(), List.of(handler)),
                (PeerDirectory) () -> list,
                ExpressionEvaluator.NONE,
                clock);
    }

    RocksDbParkedObjectStore store(String name) {
        RocksDbParkedObjectStore store = RocksDbParkedObjectStore.open(dir.resolve(name));
        open.add(store);
        return store;
    }

    /** Closes {@code c} when the mesh closes, before what was opened earlier. */
    void closeAtEnd(AutoCloseable c) {
        open.add(c);
    }

    /** A memory-aware runtime over {@code store}, closed before the store. */
    NodeRuntime runtime(Engine engine, RocksDbParkedObjectStore store, CustodyTransfer transfer) {
        NodeRuntime runtime = new NodeRuntime(engine, store, true, transfer, Duration.ofSeconds(5), 8, clock);
        open.add(runtime::close);
        return runtime;
    }

    ExecutableObject object(Step... steps) {
        Intent intent = Intent.newBuilder()
                .setName("custody")
                .setVersion("1")
                .addAllSteps(List.of(steps))
                .build();
        return ObjectFactory.create(
                intent,
                Context.newBuilder().setTenant("t").setOwnerDomain(ALPHA).build(),
                Origin.newBuilder().setAuthor("a1").setTrustDomain(ALPHA).build(),
                Optional.of(A1),
                clock);
    }

    static Step step(String id, String operation) {
        return Step.newBuilder().setId(id).setOperation(operation).build();
    }

    static String id(ExecutableObject object) {
        try {
            return Header.parseFrom(object.getHeader().getHeader()).getObjectId();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static List<Entry> entries(ExecutableObject object) {
        List<Entry> out = new ArrayList<>();
        for (EntryEnvelope e : object.getMemory().getEntriesList()) {
            try {
                out.add(Entry.parseFrom(e.getEntry()));
            } catch (InvalidProtocolBufferException x) {
                throw new AssertionError(x);
            }
        }
        return out;
    }

    static List<Action> actions(ExecutableObject object) {
        return entries(object).stream().map(Entry::getAction).toList();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }
}
