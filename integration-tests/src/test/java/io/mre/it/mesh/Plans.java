package io.mre.it.mesh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.time.Timestamps;
import io.mre.engine.view.Values;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects for the tests: plans of steps, created as a client creates them (unsigned header). */
public final class Plans {
    private Plans() {}

    /** A step running {@code operation} anywhere it can. */
    public static Step step(String id, String operation) {
        return Step.newBuilder().setId(id).setOperation(operation).build();
    }

    /** A step that must run in {@code domain}. */
    public static Step step(String id, String operation, String domain) {
        return step(id, operation).toBuilder()
                .setRouting(Routing.newBuilder().setTrustDomain(domain))
                .build();
    }

    /** The step waits for the named signal before it runs. */
    public static Step awaitingSignal(Step step, String signal) {
        return step.toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder().setSignal(signal))
                .build();
    }

    /** The step waits for a delay (from the moment the object goes dormant) before it runs. */
    public static Step awaitingDelay(Step step, Duration delay) {
        return step.toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder().setAfter(Timestamps.toProto(delay)))
                .build();
    }

    /** A new object of {@code domain}'s author with these steps and input. */
    public static ExecutableObject object(String domain, Map<String, ?> input, Step... steps) {
        Intent intent = Intent.newBuilder()
                .setName("it")
                .setVersion("1")
                .setInput(Values.toStruct(input))
                .addAllSteps(List.of(steps))
                .build();
        Context context =
                Context.newBuilder().setTenant("it").setOwnerDomain(domain).build();
        return ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor("it-client")
                        .setTrustDomain(domain)
                        .build(),
                Optional.empty(),
                InstantSource.system());
    }

    public static ExecutableObject object(String domain, Step... steps) {
        return object(domain, Map.of(), steps);
    }

    /** The object's id, from its header. */
    public static String id(ExecutableObject object) {
        try {
            return io.mre.proto.v1.Header.parseFrom(object.getHeader().getHeader())
                    .getObjectId();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The decoded entries of the object's memory. */
    public static List<Entry> entries(ExecutableObject object) {
        List<Entry> entries = new ArrayList<>();
        for (EntryEnvelope e : object.getMemory().getEntriesList()) {
            try {
                entries.add(Entry.parseFrom(e.getEntry()));
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        }
        return entries;
    }

    /** The object's journey as {@code ACTION step node@domain} lines, for readable assertions and failures. */
    public static List<String> journey(ExecutableObject object) {
        return entries(object).stream()
                .map(e -> e.getAction().name().replace("ACTION_", "") + " " + e.getStepId() + " "
                        + e.getNode().getNodeId() + "@" + e.getNode().getTrustDomain())
                .toList();
    }
}
