package io.mre.testkit.reference;

import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.ClientRequest;

/** The caller authorizer of docs/plugins.md's example: callers of {@code regulator.example} may Get and Watch. */
final class AuditorsMayRead implements CallerAuthorizer {
    @Override
    public String name() {
        return "auditors-may-read";
    }

    @Override
    public CallerVerdict authorize(CallerQuery query) {
        boolean read = query.request() == ClientRequest.GET || query.request() == ClientRequest.WATCH;
        return read && query.caller().trustDomain().equals("regulator.example")
                ? CallerVerdict.allow("regulators may read")
                : CallerVerdict.abstain();
    }
}
