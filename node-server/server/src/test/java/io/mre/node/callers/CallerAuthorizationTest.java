package io.mre.node.callers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.engine.MreException;
import io.mre.engine.decide.CallerRule;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.object.ObjectFactory;
import io.mre.errors.ErrorCode;
import io.mre.node.runtime.Admission;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Step;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallerAuthorizationTest {
    private static final String OWNER = "insurer.example";
    private static final String ORIGIN = "broker.example";
    private static final CallerView OPS = new CallerView(OWNER, "ops", "CN=ops,O=" + OWNER);
    private static final CallerView AUTHOR = new CallerView(ORIGIN, "desk", "CN=desk,O=" + ORIGIN);
    private static final CallerView BUREAU = new CallerView("bureau.example", "ops", "CN=ops,O=bureau.example");
    private static final CallerView AUDITOR =
            new CallerView("regulator.example", "auditor", "CN=auditor,O=regulator.example");

    private final ExecutableObject object = ObjectFactory.create(
            Intent.newBuilder()
                    .setName("claim")
                    .setVersion("1")
                    .addSteps(Step.newBuilder().setId("s1").setOperation("claim.register"))
                    .build(),
            Context.newBuilder().setTenant("t").setOwnerDomain(OWNER).build(),
            Origin.newBuilder().setAuthor("desk").setTrustDomain(ORIGIN).build(),
            Optional.empty(),
            InstantSource.system());
    private final FoldedState state = state(object);

    @Test
    void defaultRule_ownerAndOriginDomainsAreAdmittedToEveryRequest() {
        CallerAuthorization defaults = CallerAuthorization.defaults();
        for (ClientRequest r : ClientRequest.values()) {
            assertThat(defaults.decide(OPS, r, signal(r), object, state).admitted())
                    .as("%s", r)
                    .isTrue();
            assertThat(defaults.decide(AUTHOR, r, signal(r), object, state).admitted())
                    .as("%s", r)
                    .isTrue();
        }
    }

    @Test
    void defaultRule_foreignTrustedDomain_isRefusedEveryRequestWithCallerNotAuthorized() {
        CallerAuthorization defaults = CallerAuthorization.defaults();
        for (ClientRequest r : ClientRequest.values()) {
            assertThat(defaults.decide(BUREAU, r, signal(r), object, state).admitted())
                    .as("%s", r)
                    .isFalse();
            assertThatThrownBy(() -> defaults.require(BUREAU, r, signal(r), object, state))
                    .isInstanceOfSatisfying(MreException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CALLER_NOT_AUTHORIZED);
                        assertThat(e.metadata())
                                .containsEntry("request", r.name())
                                .containsEntry("caller", "ops@bureau.example")
                                .containsEntry("object_id", id(object));
                    })
                    .hasMessageContaining(
                            "caller ops@bureau.example may not " + r.name().toLowerCase())
                    .hasMessageContaining("'" + OWNER + "' (owner) or '" + ORIGIN + "' (origin)");
        }
    }

    @Test
    void defaultRule_signal_isAdmittedFromADomainAPendingConditionOfThatNameLists() {
        ReentryCondition approved = ReentryCondition.newBuilder()
                .setSignal("approved")
                .addSignalFromDomains("bureau.example")
                .build();
        ReentryCondition anyone =
                ReentryCondition.newBuilder().setSignal("approved").build();

        assertThat(CallerRule.admitsByDefault(
                        BUREAU, ClientRequest.SIGNAL, Optional.of("approved"), OWNER, ORIGIN, List.of(approved)))
                .isPresent();
        assertThat(CallerRule.admitsByDefault(
                        BUREAU, ClientRequest.SIGNAL, Optional.of("rejected"), OWNER, ORIGIN, List.of(approved)))
                .as("another signal name")
                .isEmpty();
        assertThat(CallerRule.admitsByDefault(
                        BUREAU, ClientRequest.CANCEL, Optional.empty(), OWNER, ORIGIN, List.of(approved)))
                .as("a condition admits signals only")
                .isEmpty();
        assertThat(CallerRule.admitsByDefault(
                        BUREAU, ClientRequest.SIGNAL, Optional.of("approved"), OWNER, ORIGIN, List.of(anyone)))
                .as("an empty from-list names no extra domain")
                .isEmpty();
        assertThat(CallerRule.admitsByDefault(
                        BUREAU, ClientRequest.SIGNAL, Optional.of("approved"), OWNER, ORIGIN, List.of()))
                .isEmpty();
    }

    @Test
    void admission_callerWithoutCertificateOnAPlaintextNode_isTrustedAsLocalForEverything() {
        CallerAuthorization denyAll =
                new CallerAuthorization(List.of(authorizer("deny-all", q -> CallerVerdict.deny("no"))), true);

        Admission admission = denyAll.admission(Optional.empty(), ClientRequest.CANCEL, Optional.empty());

        assertThat(admission).isSameAs(Admission.ANYONE);
    }

    @Test
    void admission_callerWithoutCertificateOnAMutualTlsNode_isRefused() {
        Admission admission =
                CallerAuthorization.defaults().admission(Optional.empty(), ClientRequest.GET, Optional.empty());

        assertThatThrownBy(() -> admission.check(object, state))
                .isInstanceOfSatisfying(
                        MreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLER_NOT_AUTHORIZED))
                .hasMessageContaining("only mutual-TLS callers");
    }

    @Test
    void admission_certifiedCaller_isCheckedAgainstTheObject() {
        Admission admission =
                CallerAuthorization.defaults().admission(Optional.of(BUREAU), ClientRequest.GET, Optional.empty());

        assertThatThrownBy(() -> admission.check(object, state)).isInstanceOf(MreException.class);
        CallerAuthorization.defaults()
                .admission(Optional.of(OPS), ClientRequest.GET, Optional.empty())
                .check(object, state);
    }

    @Test
    void hook_allow_widensToACallerTheDefaultRefuses_andSeesTheQuery() {
        List<CallerQuery> seen = new ArrayList<>();
        CallerAuthorization auditors = authorization(List.of(authorizer("auditors", q -> {
            seen.add(q);
            return q.caller().equals(AUDITOR) && q.request() == ClientRequest.GET
                    ? CallerVerdict.allow("audit")
                    : CallerVerdict.abstain();
        })));

        CallerAuthorization.Decision get = auditors.decide(AUDITOR, ClientRequest.GET, Optional.empty(), object, state);
        CallerAuthorization.Decision cancel =
                auditors.decide(AUDITOR, ClientRequest.CANCEL, Optional.empty(), object, state);

        assertThat(get.admitted()).isTrue();
        assertThat(get.reason()).isEqualTo("caller policy 'auditors' allows it: audit");
        assertThat(cancel.admitted()).as("only what it admits").isFalse();
        assertThat(seen.getFirst().admittedByDefault()).isFalse();
        assertThat(seen.getFirst().object().objectId()).isEqualTo(id(object));
        assertThat(seen.getFirst().object().context().ownerDomain()).isEqualTo(OWNER);
        assertThat(seen.getFirst().object().originDomain()).isEqualTo(ORIGIN);
    }

    @Test
    void hook_deny_narrowsTheOwnerEvenWhenAnotherAllows() {
        CallerAuthorization narrow = authorization(List.of(
                authorizer("open", q -> CallerVerdict.allow("all")),
                authorizer(
                        "no-cancel",
                        q -> q.request() == ClientRequest.CANCEL
                                ? CallerVerdict.deny("read-only desk")
                                : CallerVerdict.abstain())));

        CallerAuthorization.Decision cancel = narrow.decide(OPS, ClientRequest.CANCEL, Optional.empty(), object, state);

        assertThat(cancel.admitted()).isFalse();
        assertThat(cancel.reason()).isEqualTo("caller policy 'no-cancel' denies it: read-only desk");
        assertThat(narrow.decide(OPS, ClientRequest.GET, Optional.empty(), object, state)
                        .admitted())
                .isTrue();
    }

    @Test
    void hook_abstain_leavesItToTheDefaultRule() {
        CallerAuthorization silent = authorization(List.of(authorizer("silent", q -> CallerVerdict.abstain())));

        assertThat(silent.decide(OPS, ClientRequest.GET, Optional.empty(), object, state)
                        .admitted())
                .isTrue();
        assertThat(silent.decide(BUREAU, ClientRequest.GET, Optional.empty(), object, state)
                        .admitted())
                .isFalse();
    }

    @Test
    void hook_throwing_refusesEvenTheOwner_failClosed() {
        CallerAuthorization broken =
                authorization(List.of(authorizer("open", q -> CallerVerdict.allow("all")), authorizer("broken", q -> {
                    throw new IllegalStateException("boom");
                })));

        CallerAuthorization.Decision d = broken.decide(OPS, ClientRequest.GET, Optional.empty(), object, state);

        assertThat(d.admitted()).isFalse();
        assertThat(d.reason()).isEqualTo("caller policy 'broken' failed (IllegalStateException); refused");
        assertThatThrownBy(() -> broken.require(OPS, ClientRequest.GET, Optional.empty(), object, state))
                .isInstanceOfSatisfying(
                        MreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLER_NOT_AUTHORIZED));
    }

    @Test
    void hook_returningNull_refuses() {
        CallerAuthorization nothing = authorization(List.of(authorizer("null", q -> null)));

        CallerAuthorization.Decision d = nothing.decide(OPS, ClientRequest.GET, Optional.empty(), object, state);

        assertThat(d.admitted()).isFalse();
        assertThat(d.reason()).contains("'null' gave no verdict");
    }

    private static CallerAuthorization authorization(List<CallerAuthorizer> authorizers) {
        return new CallerAuthorization(authorizers, false);
    }

    private static Optional<String> signal(ClientRequest r) {
        return r == ClientRequest.SIGNAL ? Optional.of("approved") : Optional.empty();
    }

    private static CallerAuthorizer authorizer(String name, Function<CallerQuery, CallerVerdict> verdict) {
        return new CallerAuthorizer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CallerVerdict authorize(CallerQuery query) {
                return verdict.apply(query);
            }
        };
    }

    private static FoldedState state(ExecutableObject object) {
        return Fold.of(header(object), List.of()).state(object.getIntent());
    }

    private static Header header(ExecutableObject object) {
        try {
            return Header.parseFrom(object.getHeader().getHeader());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String id(ExecutableObject object) {
        return header(object).getObjectId();
    }
}
