package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.object.IntentValidator;
import io.mre.engine.time.Timestamps;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.spi.ObjectView;
import io.mre.spi.Reentry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A test object, described fluently: its plan, context and what already happened to it. Immutable: every method
 * returns a copy, so one base object can be varied per test. Start with {@link TestObjects#intent(String)}.
 *
 * <pre>{@code
 * ObjectBuilder claim = intent("claim.settle")
 *         .step("check", "credit.check")
 *         .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
 *         .context(c -> c.withTenant("acme").withOwnerDomain("insurer.example").withResidency("eu-west"));
 * ObjectView view = claim.completed("check").signal("approved", "insurer.example").view();
 * ExecutableObject signed = claim.completed("check").signed(pki);   // same history, really signed
 * }</pre>
 *
 * <p>The history helpers ({@link #completed}, {@link #attempts}, {@link #hops}, {@link #signal}, {@link #dormant},
 * ...) add memory entries in call order, written as the engine writes them; {@link #view()} folds them with the
 * engine's own fold, so a policy sees exactly what a node would show it. Entries are one millisecond apart after
 * {@link #createdAt()} and recorded by {@code origin-node} of the origin domain, or by the target of the last
 * delegation.
 *
 * @param objectId the object's id
 * @param originDomain the trust domain of its author
 * @param createdAt the header's creation time
 * @param name the intent's (workflow's) name
 * @param version the intent's version
 * @param input the intent's input (JSON-like values)
 * @param steps the plan, in order
 * @param onFailure what the object does when a step fails for good
 * @param context the context block
 * @param history what happened before the test, oldest first
 */
public record ObjectBuilder(
        String objectId,
        String originDomain,
        Instant createdAt,
        String name,
        String version,
        Map<String, Object> input,
        List<StepSpec> steps,
        FailureMode onFailure,
        ContextSpec context,
        List<HistoryEvent> history) {
    /** The id test objects get unless {@link #withObjectId} says otherwise. */
    public static final String DEFAULT_ID = "0194f6a0-0000-7000-8000-000000000001";
    /** The origin domain test objects get unless {@link #withOrigin} says otherwise. */
    public static final String DEFAULT_ORIGIN = "origin.example";

    public ObjectBuilder {
        requireNonNull(objectId, "objectId is null");
        requireNonNull(originDomain, "originDomain is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        input = Map.copyOf(input);
        steps = List.copyOf(steps);
        requireNonNull(onFailure, "onFailure is null");
        requireNonNull(context, "context is null");
        history = List.copyOf(history);
    }

    /** An intent named {@code name} with no steps yet, owned and authored by {@value #DEFAULT_ORIGIN}. */
    static ObjectBuilder named(String name) {
        return new ObjectBuilder(
                DEFAULT_ID,
                DEFAULT_ORIGIN,
                TestClock.MONDAY_9AM,
                name,
                "1",
                Map.of(),
                List.of(),
                FailureMode.FAILURE_MODE_COMPENSATE,
                ContextSpec.ownedBy(DEFAULT_ORIGIN),
                List.of());
    }

    // ---- the plan and the context

    /** Adds a step running {@code operation}, shaped by {@code options} (see {@link TestObjects}). */
    public ObjectBuilder step(String id, String operation, StepOption... options) {
        StepSpec step = StepSpec.of(id, operation);
        for (StepOption o : options) {
            step = o.applyTo(step);
        }
        return step(step);
    }

    /** Adds a step. */
    public ObjectBuilder step(StepSpec step) {
        List<StepSpec> s = new ArrayList<>(steps);
        s.add(requireNonNull(step, "step is null"));
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, s, onFailure, context, history);
    }

    /** Adds (or replaces) one input value. */
    public ObjectBuilder input(String key, Object value) {
        Map<String, Object> i = new LinkedHashMap<>(input);
        i.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, i, steps, onFailure, context, history);
    }

    /** Replaces the plan. */
    public ObjectBuilder withSteps(List<StepSpec> steps) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    /** Replaces the input. */
    public ObjectBuilder withInput(Map<String, ?> input) {
        return new ObjectBuilder(
                objectId,
                originDomain,
                createdAt,
                name,
                version,
                Map.copyOf(input),
                steps,
                onFailure,
                context,
                history);
    }

    /** Changes the context: {@code context(c -> c.withTenant("acme").withResidency("eu-west"))}. */
    public ObjectBuilder context(UnaryOperator<ContextSpec> change) {
        return withContext(change.apply(context));
    }

    public ObjectBuilder withContext(ContextSpec context) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    public ObjectBuilder withObjectId(String objectId) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    /** The author's domain; the context's owner domain follows when it was the old origin. */
    public ObjectBuilder withOrigin(String domain) {
        ContextSpec c = context.ownerDomain().equals(originDomain) ? context.withOwnerDomain(domain) : context;
        return new ObjectBuilder(objectId, domain, createdAt, name, version, input, steps, onFailure, c, history);
    }

    public ObjectBuilder withCreatedAt(Instant createdAt) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    public ObjectBuilder withVersion(String version) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    public ObjectBuilder withOnFailure(FailureMode onFailure) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    public ObjectBuilder withHistory(List<HistoryEvent> history) {
        return new ObjectBuilder(
                objectId, originDomain, createdAt, name, version, input, steps, onFailure, context, history);
    }

    // ---- what already happened

    /** Adds an event to the history. */
    public ObjectBuilder then(HistoryEvent event) {
        List<HistoryEvent> h = new ArrayList<>(history);
        h.add(requireNonNull(event, "event is null"));
        return withHistory(h);
    }

    /** Step {@code stepId} succeeded with no output. */
    public ObjectBuilder completed(String stepId) {
        return completed(stepId, Map.of());
    }

    /** Step {@code stepId} succeeded with {@code output}. */
    public ObjectBuilder completed(String stepId, Map<String, ?> output) {
        return then(new HistoryEvent.Completed(stepId, Map.copyOf(output)));
    }

    /**
     * {@code count} attempts of {@code stepId} failed (retryably). The step fails for good once its attempts reach
     * its {@link StepSpec#maxAttempts()}: give it {@code withRetries(n)} to keep it runnable.
     */
    public ObjectBuilder attempts(String stepId, int count) {
        ObjectBuilder b = this;
        for (int i = 0; i < count; i++) {
            b = b.then(new HistoryEvent.Failed(stepId, "TEST_FAILURE", true));
        }
        return b;
    }

    /** Step {@code stepId} failed for good (a non-retryable failure), so completed steps get compensated. */
    public ObjectBuilder failed(String stepId) {
        return then(new HistoryEvent.Failed(stepId, "TEST_FAILURE", false));
    }

    /** The compensation of the completed step {@code stepId} succeeded. */
    public ObjectBuilder compensated(String stepId) {
        return then(new HistoryEvent.Compensated(stepId));
    }

    /** {@code count} delegations, to {@code hop-1}, {@code hop-2}, ... of the origin domain. */
    public ObjectBuilder hops(int count) {
        ObjectBuilder b = this;
        int before = (int) history.stream()
                .filter(HistoryEvent.Delegated.class::isInstance)
                .count();
        for (int i = 1; i <= count; i++) {
            b = b.delegated("hop-" + (before + i), originDomain);
        }
        return b;
    }

    /** One delegation to {@code nodeId@trustDomain}, which records the entries after it. */
    public ObjectBuilder delegated(String nodeId, String trustDomain) {
        return then(new HistoryEvent.Delegated(nodeId, trustDomain));
    }

    /**
     * The signal {@code name} arrived from {@code fromDomain}. As in the engine, it wakes a dormant object waiting
     * for it (REENTER); it is recorded on a dormant object that waits for something else (DORMANT); on an active
     * object it is recorded by the next entry, as a node records it (given last, on an active object, it is written
     * alone, on a REENTER that satisfies nothing: {@link #view()} shows it, but a verifier refuses that entry, so
     * {@link #signed} needs an event after it).
     */
    public ObjectBuilder signal(String name, String fromDomain) {
        return signal(name, fromDomain, Map.of());
    }

    /** As {@link #signal(String, String)}, with a payload. */
    public ObjectBuilder signal(String name, String fromDomain, Map<String, ?> payload) {
        return then(new HistoryEvent.Signalled(name, fromDomain, Map.copyOf(payload)));
    }

    /** The object went dormant (deferred by a policy) until one of {@code conditions} holds. */
    public ObjectBuilder dormant(Reentry... conditions) {
        return then(new HistoryEvent.WentDormant(List.of(conditions)));
    }

    /** The dormant object re-entered on its first condition. */
    public ObjectBuilder reentered() {
        return then(new HistoryEvent.Reentered());
    }

    /** The object ended as {@code ending}. */
    public ObjectBuilder terminated(Ending ending) {
        return then(new HistoryEvent.Terminated(ending, "terminated in the test history"));
    }

    // ---- results

    /** The intent as protobuf (validated as a node would: non-empty plan, unique well-formed ids). */
    public Intent intentProto() {
        Intent intent = Protos.intent(this);
        IntentValidator.validate(intent);
        return intent;
    }

    /** The context as protobuf. */
    public Context contextProto() {
        return Protos.context(context);
    }

    /** The read-only view a policy, an advisor or a handler sees, folded as the engine folds. */
    public ObjectView view() {
        Folded f = fold();
        return Views.object(
                objectId,
                originDomain,
                f.intent(),
                f.context(),
                f.state(),
                f.entries().stream().map(Views::entry).toList());
    }

    /** The protobuf parts of the object and its state, folded from the history by the engine's fold. */
    Folded fold() {
        Intent intent = intentProto();
        Header header = Header.newBuilder()
                .setObjectId(objectId)
                .setFormatVersion(ObjectCodec.FORMAT_VERSION)
                .setCreatedAt(Timestamps.toProto(createdAt))
                .setOrigin(
                        Origin.newBuilder().setAuthor(HistoryWriter.ORIGIN_NODE).setTrustDomain(originDomain))
                .build();
        List<Entry> entries = HistoryWriter.write(header, intent, history);
        return new Folded(
                intent, contextProto(), entries, Fold.of(header, entries).state(intent));
    }

    /** What {@link #fold()} returns. */
    record Folded(Intent intent, Context context, List<Entry> entries, FoldedState state) {}

    /**
     * A real object: the header signed by {@code origin-node} of the origin domain, each history entry signed by the
     * node that recorded it, all with keys of {@code pki}. It verifies against {@link TestPki#trustBundle()} as long
     * as {@link #createdAt()} falls within the test certificates' validity (they start at their creation, less a
     * minute: use a clock at or after the real time, as {@link EngineHarness} does).
     */
    public ExecutableObject signed(TestPki pki) {
        return ObjectSigner.sign(this, pki);
    }
}
