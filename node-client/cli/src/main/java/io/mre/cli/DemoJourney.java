package io.mre.cli;

import static io.mre.cli.DemoOrganizations.BUREAU;
import static io.mre.cli.DemoOrganizations.INSURER;
import static io.mre.cli.DemoOrganizations.REINSURER;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.client.MreClient;
import io.mre.client.MreClientException;
import io.mre.crypto.SigningKey;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.time.Timestamps;
import io.mre.engine.view.Values;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TraceContext;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The demo's object and its journey: a home-insurance claim that the insurer registers, the bureau checks for
 * fraud, the insurer's advisor re-plans (reinsurance for a large claim), the reinsurer quotes after its window
 * opens, a claims manager approves, the insurer pays — and when the customer cannot be notified, the payment is
 * compensated and the claim ends FAILED for manual follow-up. Every action of the model appears once at least.
 */
final class DemoJourney {
    private static final long WAIT_MILLIS = 90_000;

    private final DemoMesh mesh;
    private final PrintWriter out;

    DemoJourney(DemoMesh mesh, PrintWriter out) {
        this.mesh = mesh;
        this.out = out;
    }

    /** The claim as its author creates it, with a header signed by the demo's identity. */
    static ExecutableObject claim(SigningKey author) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("claimId", "CLM-2026-0042");
        input.put("customer", "Ada Lovelace");
        input.put("policyNumber", "HOME-7731");
        input.put("amount", 48_000);
        input.put("currency", "EUR");
        Intent intent = Intent.newBuilder()
                .setName("claim.settle")
                .setVersion("1.0")
                .setInput(Values.toStruct(input))
                .addSteps(step("register", "claim.register", INSURER))
                .addSteps(step("fraud", "fraud.check", BUREAU))
                .addSteps(step("pay", "payment.transfer", INSURER).toBuilder()
                        .setCompensation(Compensation.newBuilder().setOperation("payment.refund")))
                .addSteps(step("notify", "notify.customer", INSURER).toBuilder()
                        .setRetry(RetryPolicy.newBuilder()
                                .setMaxAttempts(2)
                                .setInitialBackoff(Duration.newBuilder().setNanos(500_000_000))))
                .setOnFailure(FailureMode.FAILURE_MODE_COMPENSATE)
                .build();
        Context context = Context.newBuilder()
                .setTenant("acme-insurance")
                .setOwnerDomain(INSURER)
                .setDataClassification("confidential")
                .addResidencyRegions("eu-west")
                .addAllAllowedDomains(List.of(INSURER, BUREAU, REINSURER))
                .setDeadline(Timestamps.toProto(Instant.now().plusSeconds(600)))
                .setMaxHops(8)
                .setTrace(TraceContext.newBuilder()
                        .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .putLabels("line", "home")
                .build();
        return ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor(author.nodeId())
                        .setTrustDomain(author.trustDomain())
                        .build(),
                Optional.of(author),
                InstantSource.system());
    }

    private static Step step(String id, String operation, String domain) {
        return Step.newBuilder()
                .setId(id)
                .setOperation(operation)
                .setRouting(Routing.newBuilder().setTrustDomain(domain))
                .build();
    }

    /** Submits the claim, approves the payment when the insurer asks for it, and returns the final object. */
    ExecutableObject run(ExecutableObject claim) throws InterruptedException {
        DemoMesh.Member insurer = mesh.members().get(0);
        String id = claimId(claim);
        try (MreClient client = mesh.client(insurer, java.time.Duration.ofSeconds(60))) {
            say("submit claim " + id + " to " + insurer.spec().nodeId() + "@" + INSURER);
            submitWhenPeersAreKnown(client, claim);
            say("… registered, sent to the bureau for the fraud check, re-planned, quoted by the reinsurer");
            GetResponse waiting = await(
                    client,
                    id,
                    g -> g.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT
                            && g.getStatus().getPendingList().stream()
                                    .anyMatch(c -> c.getSignal().equals("approved")),
                    "waiting for the payment approval");
            say("the insurer's approval policy holds the payment ("
                    + waiting.getStatus().getEntries()
                    + " entries so far); a claims manager approves it with signal 'approved'");
            client.signal(
                    id,
                    "approved",
                    Values.toStruct(Map.of("approver", "claims-manager", "note", "documents complete")));
            GetResponse done = await(
                    client,
                    id,
                    g -> g.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED,
                    "waiting for the end");
            say("terminated " + done.getStatus().getTerminalStatus().name().replace("TERMINAL_STATUS_", "")
                    + " after " + done.getStatus().getEntries() + " entries and "
                    + done.getStatus().getHops()
                    + " hand-offs");
            return done.getObject();
        }
    }

    /**
     * Submits the claim. Nodes learn their peers' operations by asking them (Describe); before refusing an operation
     * it does not know, the insurer asks the peers it has not met yet, but on a loaded machine a peer JVM that has
     * just started may not answer in time. The insurer then refuses the intent, nothing is appended, and the same
     * object can simply be submitted again a moment later.
     */
    private static void submitWhenPeersAreKnown(MreClient client, ExecutableObject claim) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                client.submit(claim);
                return;
            } catch (MreClientException e) {
                boolean peersUnknown = "INVALID_INTENT".equals(e.reason())
                        && String.valueOf(e.getMessage()).contains("executed by no known node");
                if (!peersUnknown || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** The actions the journey must show; empty when all are there. */
    static Set<Action> missingActions(ExecutableObject object) {
        Set<Action> missing = EnumSet.of(
                Action.ACTION_EXECUTE,
                Action.ACTION_MUTATE,
                Action.ACTION_DELEGATE,
                Action.ACTION_DORMANT,
                Action.ACTION_REENTER,
                Action.ACTION_TERMINATE);
        boolean compensated = false;
        for (EntryEnvelope e : object.getMemory().getEntriesList()) {
            try {
                Entry entry = Entry.parseFrom(e.getEntry());
                missing.remove(entry.getAction());
                compensated |= entry.getExecute().getCompensation();
            } catch (InvalidProtocolBufferException ex) {
                return missing;
            }
        }
        if (!compensated) {
            missing.add(Action.UNRECOGNIZED);
        }
        return missing;
    }

    private GetResponse await(MreClient client, String id, Predicate<GetResponse> done, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                GetResponse g = client.get(id);
                if (done.test(g)) {
                    return g;
                }
                last = g.getStatus().getLifecycle() + " with " + g.getStatus().getEntries() + " entries";
            } catch (MreClientException e) {
                if (!"OBJECT_NOT_FOUND".equals(e.reason())) {
                    throw e;
                }
                last = "elsewhere in the mesh";
            }
            Thread.sleep(100);
        }
        throw CliException.failed("the claim did not progress in " + WAIT_MILLIS / 1000 + " s (" + what + "; last seen "
                + last + "); see the node logs under "
                + mesh.members().get(0).log().getParent());
    }

    private static String claimId(ExecutableObject claim) {
        try {
            return io.mre.proto.v1.Header.parseFrom(claim.getHeader().getHeader())
                    .getObjectId();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void say(String line) {
        out.println("  " + line);
        out.flush();
    }
}
