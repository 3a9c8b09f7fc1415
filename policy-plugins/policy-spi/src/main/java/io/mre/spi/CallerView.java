package io.mre.spi;

import static java.util.Objects.requireNonNull;

/**
 * A client of the node as its verified mutual-TLS certificate names it.
 *
 * @param trustDomain the certificate's subject O, certified by that domain's CA in the node's trust bundle
 * @param name the certificate's subject CN, e.g. {@code auditor}
 * @param subject the whole certificate subject (RFC 2253), e.g. {@code CN=auditor,O=regulator.example}
 */
public record CallerView(String trustDomain, String name, String subject) {
    public CallerView {
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(name, "name is null");
        requireNonNull(subject, "subject is null");
    }

    /** {@code name@trustDomain}, the form caller rules and messages use. */
    @Override
    public String toString() {
        return name + "@" + trustDomain;
    }
}
