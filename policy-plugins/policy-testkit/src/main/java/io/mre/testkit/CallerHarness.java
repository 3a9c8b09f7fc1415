package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.CallerRule;
import io.mre.engine.view.Views;
import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import io.mre.spi.ObjectView;
import java.util.List;
import java.util.Optional;

/**
 * Unit-tests a {@link CallerAuthorizer} as a node runs it, without a node: builds the {@link CallerQuery} a node
 * builds (with {@link CallerQuery#admittedByDefault()} computed by the node's default rule) and decides as a node
 * decides — the default rule, then the authorizers in order: any DENY refuses, else any ALLOW admits, else the
 * default rule; an authorizer that throws or answers {@code null} refuses (fail closed). The rule itself is the
 * node's ({@link CallerRule}). Import statically.
 *
 * <pre>{@code
 * import static io.mre.testkit.CallerHarness.*;
 *
 * ObjectBuilder claim = intent("claim.settle").step("check", "credit.check").withOrigin("insurer.example");
 *
 * assertThat(new AuditorsMayRead().authorize(query(caller("auditor@regulator.example"), GET, claim)).decision())
 *         .isEqualTo(CallerVerdict.Decision.ALLOW);
 * assertThat(decide(List.of(new AuditorsMayRead()), query(caller("auditor@regulator.example"), CANCEL, claim))
 *         .admitted()).isFalse();
 * }</pre>
 */
public final class CallerHarness {
    private CallerHarness() {}

    /**
     * The caller {@code name@domain} as a verified client certificate names it: trust domain {@code domain}, name
     * {@code name}, subject {@code CN=name,O=domain}.
     */
    public static CallerView caller(String nameAtDomain) {
        int at = nameAtDomain.indexOf('@');
        if (at <= 0 || at == nameAtDomain.length() - 1 || nameAtDomain.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("expected name@domain, got '" + nameAtDomain + "'");
        }
        String name = nameAtDomain.substring(0, at);
        String domain = nameAtDomain.substring(at + 1);
        return new CallerView(domain, name, "CN=" + name + ",O=" + domain);
    }

    /** The query a node builds for {@code caller}'s {@code request} (not a signal: see {@link #signalQuery}). */
    public static CallerQuery query(CallerView caller, ClientRequest request, ObjectBuilder object) {
        if (request == ClientRequest.SIGNAL) {
            throw new IllegalArgumentException(
                    "a SIGNAL query names its signal: use signalQuery(caller, name, object)");
        }
        return query(caller, request, Optional.empty(), object.view());
    }

    /** The query a node builds for {@code caller}'s signal {@code signalName} to {@code object}. */
    public static CallerQuery signalQuery(CallerView caller, String signalName, ObjectBuilder object) {
        return query(
                caller,
                ClientRequest.SIGNAL,
                Optional.of(requireNonNull(signalName, "signalName is null")),
                object.view());
    }

    /** The query a node builds about {@code object}, with the default rule's answer filled in. */
    public static CallerQuery query(
            CallerView caller, ClientRequest request, Optional<String> signalName, ObjectView object) {
        return new CallerQuery(
                caller,
                request,
                signalName,
                object,
                byDefault(caller, request, signalName, object).isPresent());
    }

    /**
     * What a node with {@code authorizers} (asked in this order) decides about {@code query}, and why: the reason
     * is the one a refused caller reads.
     */
    public static CallerDecision decide(List<? extends CallerAuthorizer> authorizers, CallerQuery query) {
        ObjectView o = query.object();
        CallerRule.Decision d = CallerRule.combine(
                authorizers,
                query,
                byDefault(query.caller(), query.request(), query.signalName(), o),
                CallerRule.refusedByDefault(query.request(), o.context().ownerDomain(), o.originDomain()),
                (a, e) -> {});
        return new CallerDecision(d.admitted(), d.reason());
    }

    private static Optional<String> byDefault(
            CallerView caller, ClientRequest request, Optional<String> signalName, ObjectView o) {
        List<ReentryCondition> pending =
                o.state().pending().stream().map(Views::reentry).toList();
        return CallerRule.admitsByDefault(
                caller, request, signalName, o.context().ownerDomain(), o.originDomain(), pending);
    }
}
