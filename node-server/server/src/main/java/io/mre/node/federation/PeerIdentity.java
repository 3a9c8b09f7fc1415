package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is calling, as its verified TLS certificate says: the node id (subject CN) and trust domain (subject O).
 * {@link PeerIdentityInterceptor} puts it in the gRPC {@link Context} of every call made over mutual TLS.
 */
public record PeerIdentity(String nodeId, String trustDomain) {
    static final Context.Key<PeerIdentity> CONTEXT_KEY = Context.key("mre-peer-identity");
    static final Context.Key<String> SUBJECT_KEY = Context.key("mre-peer-subject");

    public PeerIdentity {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
    }

    /** The caller of the current gRPC call, if it presented a verified certificate. */
    public static Optional<PeerIdentity> current() {
        return Optional.ofNullable(CONTEXT_KEY.get());
    }

    /** The whole subject (RFC 2253) of the current caller's verified certificate, if it presented one. */
    public static Optional<String> currentSubject() {
        return Optional.ofNullable(SUBJECT_KEY.get());
    }

    /**
     * The caller of the current gRPC call, for services only peers may use (Federation).
     *
     * @throws MreException UNTRUSTED_PEER (UNAUTHENTICATED) when the call carries no verified certificate
     */
    public static PeerIdentity require() {
        return current()
                .orElseThrow(() -> new MreException(
                        ErrorCode.UNTRUSTED_PEER,
                        "this call needs mutual TLS with a certificate from a trusted domain"));
    }

    /**
     * The identity a node certificate names.
     *
     * @throws IllegalArgumentException when the subject lacks exactly one CN and one O
     */
    public static PeerIdentity of(X509Certificate certificate) {
        requireNonNull(certificate, "certificate is null");
        String subject = certificate.getSubjectX500Principal().getName();
        return new PeerIdentity(single(subject, "CN"), single(subject, "O"));
    }

    private static String single(String subject, String type) {
        List<String> values = new ArrayList<>(1);
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    values.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("unreadable certificate subject: " + subject, e);
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException("certificate subject needs exactly one " + type + ": " + subject);
        }
        return values.get(0);
    }
}
