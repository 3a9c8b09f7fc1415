package io.mre.testkit;

import io.mre.engine.time.Timestamps;
import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;

/** Builds the protobuf intent and context of a test object, as an author's client would. */
final class Protos {
    private Protos() {}

    static Intent intent(ObjectBuilder b) {
        Intent.Builder intent = Intent.newBuilder()
                .setName(b.name())
                .setVersion(b.version())
                .setInput(Values.toStruct(b.input()))
                .setOnFailure(b.onFailure());
        b.steps().forEach(s -> intent.addSteps(step(s)));
        return intent.build();
    }

    static Step step(StepSpec s) {
        Step.Builder b =
                Step.newBuilder().setId(s.id()).setOperation(s.operation()).setParams(Values.toStruct(s.params()));
        if (!s.routingDomain().isEmpty()
                || !s.requiredCapabilities().isEmpty()
                || !s.requiredLabels().isEmpty()) {
            b.setRouting(Routing.newBuilder()
                    .setTrustDomain(s.routingDomain())
                    .addAllCapabilities(s.requiredCapabilities())
                    .putAllLabels(s.requiredLabels()));
        }
        if (!s.compensationOperation().isEmpty()) {
            b.setCompensation(Compensation.newBuilder()
                    .setOperation(s.compensationOperation())
                    .setParams(Values.toStruct(s.compensationParams())));
        }
        if (s.maxAttempts() > 1) {
            b.setRetry(RetryPolicy.newBuilder().setMaxAttempts(s.maxAttempts()));
        }
        s.await().ifPresent(r -> b.setAwaitCondition(Views.reentry(r)));
        return b.build();
    }

    static Context context(ContextSpec c) {
        Context.Builder b = Context.newBuilder()
                .setTenant(c.tenant())
                .setOwnerDomain(c.ownerDomain())
                .setDataClassification(c.dataClassification())
                .addAllResidencyRegions(c.residencyRegions())
                .addAllAllowedDomains(c.allowedDomains())
                .setMaxHops(c.maxHops())
                .setPriority(c.priority())
                .setCycleBudget(c.cycleBudget())
                .putAllLabels(c.labels());
        c.deadline().ifPresent(d -> b.setDeadline(Timestamps.toProto(d)));
        return b.build();
    }
}
