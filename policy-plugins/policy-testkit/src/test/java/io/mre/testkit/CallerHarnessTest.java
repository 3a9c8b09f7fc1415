package io.mre.testkit;

import static io.mre.testkit.CallerHarness.caller;
import static io.mre.testkit.CallerHarness.decide;
import static io.mre.testkit.CallerHarness.query;
import static io.mre.testkit.CallerHarness.signalQuery;
import static io.mre.testkit.TestObjects.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.ClientRequest;
import io.mre.spi.Reentry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallerHarnessTest {
    private final ObjectBuilder claim =
            intent("claim.settle").step("check", "credit.check").withOrigin("insurer.example");

    /** What a plugin author writes: regulators may read, nothing else. */
    private final CallerAuthorizer auditorsMayRead = authorizer(
            "auditors-may-read",
            q -> q.caller().trustDomain().equals("regulator.example")
                            && (q.request() == ClientRequest.GET || q.request() == ClientRequest.WATCH)
                    ? CallerVerdict.allow("regulators read")
                    : CallerVerdict.abstain());

    @Test
    void caller_isNamedAsItsCertificateWouldName() {
        assertThat(caller("auditor@regulator.example").trustDomain()).isEqualTo("regulator.example");
        assertThat(caller("auditor@regulator.example").name()).isEqualTo("auditor");
        assertThat(caller("auditor@regulator.example").subject()).isEqualTo("CN=auditor,O=regulator.example");
        assertThatThrownBy(() -> caller("auditor"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name@domain");
    }

    @Test
    void query_carriesTheDefaultRulesAnswer() {
        assertThat(query(caller("ops@insurer.example"), ClientRequest.CANCEL, claim)
                        .admittedByDefault())
                .isTrue();
        assertThat(query(caller("auditor@regulator.example"), ClientRequest.GET, claim)
                        .admittedByDefault())
                .isFalse();
        assertThat(query(
                                caller("ops@bureau.example"),
                                ClientRequest.GET,
                                claim.context(c -> c.withOwnerDomain("bureau.example")))
                        .admittedByDefault())
                .as("the owner domain")
                .isTrue();
        assertThatThrownBy(() -> query(caller("ops@insurer.example"), ClientRequest.SIGNAL, claim))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signalQuery");
    }

    @Test
    void signalQuery_admitsByDefaultADomainAPendingConditionOfThatNameLists() {
        ObjectBuilder awaiting = claim.dormant(Reentry.onSignal("approved", Set.of("bureau.example")));
        ObjectBuilder awaitingAnyone = claim.dormant(Reentry.onSignal("approved", Set.of()));

        assertThat(signalQuery(caller("ops@bureau.example"), "approved", awaiting)
                        .admittedByDefault())
                .isTrue();
        assertThat(signalQuery(caller("ops@bureau.example"), "rejected", awaiting)
                        .admittedByDefault())
                .isFalse();
        assertThat(signalQuery(caller("ops@bureau.example"), "approved", awaitingAnyone)
                        .admittedByDefault())
                .as("an empty from-list adds no domain")
                .isFalse();
        assertThat(signalQuery(caller("ops@bureau.example"), "approved", awaiting)
                        .signalName())
                .contains("approved");
    }

    @Test
    void authorizer_isUnitTestedOnTheQueryANodeBuilds() {
        CallerQuery get = query(caller("auditor@regulator.example"), ClientRequest.GET, claim);
        CallerQuery cancel = query(caller("auditor@regulator.example"), ClientRequest.CANCEL, claim);

        assertThat(auditorsMayRead.authorize(get).decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        assertThat(auditorsMayRead.authorize(cancel).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
    }

    @Test
    void decide_allowWidensTheDefaultRule_abstainLeavesItToTheDefault() {
        CallerDecision get =
                decide(List.of(auditorsMayRead), query(caller("auditor@regulator.example"), ClientRequest.GET, claim));
        CallerDecision cancel = decide(
                List.of(auditorsMayRead), query(caller("auditor@regulator.example"), ClientRequest.CANCEL, claim));
        CallerDecision owner =
                decide(List.of(auditorsMayRead), query(caller("ops@insurer.example"), ClientRequest.CANCEL, claim));

        assertThat(get.admitted()).isTrue();
        assertThat(get.reason()).isEqualTo("caller policy 'auditors-may-read' allows it: regulators read");
        assertThat(cancel.admitted()).isFalse();
        assertThat(cancel.reason()).startsWith("only callers of 'insurer.example' may");
        assertThat(owner.admitted()).isTrue();
        assertThat(owner.reason()).isEqualTo("the caller's domain owns the object");
    }

    @Test
    void decide_anyDenyRefuses_evenTheOwnerAndAnAllow() {
        CallerAuthorizer noCancel = authorizer(
                "no-cancel",
                q -> q.request() == ClientRequest.CANCEL
                        ? CallerVerdict.deny("batch callers never cancel")
                        : CallerVerdict.abstain());
        CallerAuthorizer allowAll = authorizer("allow-all", q -> CallerVerdict.allow("all"));

        CallerDecision d =
                decide(List.of(allowAll, noCancel), query(caller("ops@insurer.example"), ClientRequest.CANCEL, claim));

        assertThat(d.admitted()).isFalse();
        assertThat(d.reason()).isEqualTo("caller policy 'no-cancel' denies it: batch callers never cancel");
    }

    @Test
    void decide_anAuthorizerThatThrowsOrAnswersNothing_refusesAndNoLaterOneIsAsked() {
        AtomicInteger asked = new AtomicInteger();
        CallerAuthorizer counting = authorizer("counting", q -> {
            asked.incrementAndGet();
            return CallerVerdict.allow("yes");
        });
        CallerAuthorizer throwing = authorizer("broken", q -> {
            throw new IllegalStateException("boom");
        });
        CallerAuthorizer silent = authorizer("silent", q -> null);
        CallerQuery owner = query(caller("ops@insurer.example"), ClientRequest.GET, claim);

        CallerDecision thrown = decide(List.of(throwing, counting), owner);
        CallerDecision none = decide(List.of(silent, counting), owner);

        assertThat(thrown.admitted()).isFalse();
        assertThat(thrown.reason()).isEqualTo("caller policy 'broken' failed (IllegalStateException); refused");
        assertThat(none.admitted()).isFalse();
        assertThat(none.reason()).isEqualTo("caller policy 'silent' gave no verdict; refused");
        assertThat(asked).as("fail closed at once").hasValue(0);
    }

    private static CallerAuthorizer authorizer(String name, Function<CallerQuery, CallerVerdict> rule) {
        return new CallerAuthorizer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CallerVerdict authorize(CallerQuery query) {
                return rule.apply(query);
            }
        };
    }
}
