package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.mre.crypto.ChainValidation;
import io.mre.crypto.TrustBundle;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's PKIX checks (chain to any anchor of the bundle, validity, key usage, host name on the client side),
 * then the one check PKIX cannot make: the certificate's trust domain (subject O) must be certified by an anchor
 * of that same domain. Without it, any trusted organization's CA could issue a certificate naming another
 * organization and pass as one of its nodes.
 */
final class DomainBoundTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(DomainBoundTrustManager.class);

    /** How many distinct refusals are remembered as already logged (beyond, repeats are logged again). */
    private static final int REMEMBERED_REFUSALS = 1024;

    private final X509ExtendedTrustManager pkix;
    private final TrustBundle bundle;
    private final Set<X509Certificate> anchors;
    private final Clock clock;
    private final String source;
    /** Refusals already logged at WARN: a peer retrying every second must not repeat the same line. */
    private final Set<String> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private DomainBoundTrustManager(X509ExtendedTrustManager pkix, TrustBundle bundle, Clock clock, String source) {
        this.pkix = pkix;
        this.bundle = bundle;
        this.anchors = Set.copyOf(bundle.anchors());
        this.clock = clock;
        this.source = source;
    }

    static DomainBoundTrustManager create(TrustBundle bundle, Clock clock) {
        return create(bundle, clock, "the trust bundle");
    }

    /** {@code source} names where the anchors come from (the trustBundle folder), for the refusal messages. */
    static DomainBoundTrustManager create(TrustBundle bundle, Clock clock, String source) {
        requireNonNull(bundle, "bundle is null");
        requireNonNull(clock, "clock is null");
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : bundle.anchors()) {
                store.setCertificateEntry("anchor-" + i++, anchor);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new DomainBoundTrustManager(x, bundle, clock, requireNonNull(source, "source is null"));
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for PKIX");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager from " + bundle + ": " + e, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse("client", pkixFailure(chain, e));
        }
        checkDomain(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refuse("client", pkixFailure(chain, e));
        }
        checkDomain(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refuse("client", pkixFailure(chain, e));
        }
        checkDomain(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse("server", pkixFailure(chain, e));
        }
        checkDomain(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refuse("server", pkixFailure(chain, e));
        }
        checkDomain(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refuse("server", pkixFailure(chain, e));
        }
        checkDomain(chain, "server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void checkDomain(X509Certificate[] chain, String side) throws CertificateException {
        PeerIdentity peer;
        try {
            peer = PeerIdentity.of(chain[0]);
        } catch (IllegalArgumentException e) {
            throw refuse(side, e.getMessage());
        }
        List<byte[]> der = new ArrayList<>(chain.length);
        for (X509Certificate c : chain) {
            // A peer may send its anchor along; the bundle's validation wants the chain without it.
            if (!anchors.contains(c)) {
                der.add(encoded(c));
            }
        }
        if (bundle.validate(der, peer.trustDomain(), clock.instant()) instanceof ChainValidation.Invalid invalid) {
            throw refuse(
                    side,
                    "certificate of node '" + peer.nodeId() + "' in domain '" + peer.trustDomain() + "' refused: "
                            + invalid.reason());
        }
    }

    private CertificateException refuse(String side, String reason) {
        String line = "refused the TLS " + side + ": " + reason;
        if (logged.size() < REMEMBERED_REFUSALS ? logged.add(line) : !logged.contains(line)) {
            log.warn(line);
        } else {
            log.debug(line);
        }
        return new CertificateException(reason);
    }

    /** PKIX said no: when the peer's domain has no CA here at all, say so, with what to fix. */
    private String pkixFailure(X509Certificate[] chain, CertificateException e) {
        if (chain != null && chain.length > 0) {
            try {
                PeerIdentity peer = PeerIdentity.of(chain[0]);
                if (!bundle.domains().contains(peer.trustDomain())) {
                    return "certificate of node '" + peer.nodeId() + "' in domain '" + peer.trustDomain()
                            + "': no CA of domain '" + peer.trustDomain() + "' in " + source + " (it trusts "
                            + bundle.domains() + "); add " + peer.trustDomain() + "'s CA certificate there (e.g. "
                            + peer.trustDomain() + ".crt) and restart this node";
                }
            } catch (IllegalArgumentException notANode) {
                // fall through to the JDK's words
            }
        }
        return describe(chain) + ": " + e.getMessage();
    }

    private static String describe(X509Certificate[] chain) {
        return chain == null || chain.length == 0
                ? "empty certificate chain"
                : "certificate " + chain[0].getSubjectX500Principal().getName();
    }

    private static byte[] encoded(X509Certificate c) throws CertificateException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CertificateException("unreadable peer certificate", e);
        }
    }
}
