package io.mre.crypto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Validates certificate chains against one bundle's anchors. The time-independent part of a successful validation
 * is cached per (key id, domain), so a history of many entries by one signer costs one chain validation plus a
 * validity-window check per entry.
 */
final class ChainValidator {
    static final int DEFAULT_CACHE_SIZE = 10_000;

    private final Map<String, List<Anchor>> anchorsByDomain;
    private final int cacheSize;
    private final ConcurrentHashMap<CacheKey, Checked> cache = new ConcurrentHashMap<>();

    ChainValidator(Map<String, List<Anchor>> anchorsByDomain, int cacheSize) {
        this.anchorsByDomain = Map.copyOf(anchorsByDomain);
        this.cacheSize = cacheSize;
    }

    private record CacheKey(String keyId, String domain) {}

    /** Validity period of one certificate of a checked chain (the anchor included). */
    private record Window(String certificate, Instant notBefore, Instant notAfter) {}

    /** A chain that passed every time-independent check; the full bytes guard against key id collisions. */
    private record Checked(CertifiedKey key, List<byte[]> chainDer, List<Window> windows) {
        boolean sameChain(List<byte[]> other) {
            if (other.size() != chainDer.size()) {
                return false;
            }
            for (int i = 0; i < other.size(); i++) {
                if (!Arrays.equals(other.get(i), chainDer.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A refusal with its one-line reason; no stack trace, it is an expected outcome. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    ChainValidation validate(List<byte[]> chainDer, String expectedDomain, Instant at) {
        if (chainDer.isEmpty()) {
            return new ChainValidation.Invalid("certificate chain is empty");
        }
        String keyId = KeyIds.keyId(chainDer.get(0));
        CacheKey cacheKey = new CacheKey(keyId, expectedDomain);
        Checked checked = cache.get(cacheKey);
        if (checked == null || !checked.sameChain(chainDer)) {
            try {
                checked = check(chainDer.stream().map(byte[]::clone).toList(), keyId, expectedDomain);
            } catch (Refused e) {
                return new ChainValidation.Invalid(e.getMessage());
            } catch (RuntimeException e) {
                // BC decodes extensions lazily: malformed content surfaces here, and a bad chain must never throw.
                return new ChainValidation.Invalid("certificate chain of key " + keyId + " is malformed: " + e);
            }
            remember(cacheKey, checked);
        }
        for (Window window : checked.windows()) {
            if (at.isBefore(window.notBefore())) {
                return new ChainValidation.Invalid(window.certificate() + " is not valid before " + window.notBefore()
                        + " (checked at " + at + ")");
            }
            if (at.isAfter(window.notAfter())) {
                return new ChainValidation.Invalid(
                        window.certificate() + " expired at " + window.notAfter() + " (checked at " + at + ")");
            }
        }
        return new ChainValidation.Valid(checked.key());
    }

    // Bounded so a stream of distinct signers cannot grow memory without limit; evicting an arbitrary entry only
    // costs a re-validation.
    private void remember(CacheKey key, Checked checked) {
        if (cache.size() >= cacheSize) {
            var keys = cache.keySet().iterator();
            if (keys.hasNext()) {
                cache.remove(keys.next());
            }
        }
        cache.put(key, checked);
    }

    private Checked check(List<byte[]> chain, String keyId, String expectedDomain) throws Refused {
        String leafName = "certificate of key " + keyId;
        List<X509CertificateHolder> certs = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            try {
                certs.add(Certificates.parse(chain.get(i)));
            } catch (IllegalArgumentException e) {
                throw new Refused((i == 0 ? leafName : "certificate #" + i + " in the chain of key " + keyId)
                        + " is unreadable: " + e.getMessage());
            }
        }
        X509CertificateHolder leaf = certs.get(0);
        Ed25519PublicKey publicKey = leafKey(leaf, leafName);
        if (Certificates.isCa(leaf)) {
            throw new Refused(leafName + " is a CA certificate, not a signing certificate");
        }
        if (!Certificates.allowsUsage(leaf, KeyUsage.digitalSignature)) {
            throw new Refused(leafName + " does not allow digitalSignature");
        }
        String nodeId = Certificates.commonName(leaf.getSubject())
                .orElseThrow(() -> new Refused(
                        leafName + " has no single subject CN (subject: " + Certificates.subject(leaf) + ")"));
        String domain = Certificates.organization(leaf.getSubject())
                .orElseThrow(() -> new Refused(
                        leafName + " has no single subject O (subject: " + Certificates.subject(leaf) + ")"));

        List<Window> windows = new ArrayList<>();
        windows.add(window(leafName, leaf));
        for (int i = 0; i + 1 < certs.size(); i++) {
            X509CertificateHolder cert = certs.get(i);
            X509CertificateHolder issuer = certs.get(i + 1);
            String issuerName = describe(i + 1, issuer, keyId);
            if (!cert.getIssuer().equals(issuer.getSubject())) {
                throw new Refused(describe(i, cert, keyId) + " names issuer " + Certificates.issuer(cert)
                        + " but is followed in the chain by " + Certificates.subject(issuer));
            }
            if (!Certificates.isCa(issuer)) {
                throw new Refused(issuerName + " is not a CA certificate");
            }
            if (!Certificates.allowsUsage(issuer, KeyUsage.keyCertSign)) {
                throw new Refused(issuerName + " does not allow keyCertSign");
            }
            int pathLength = Certificates.pathLength(issuer);
            if (pathLength >= 0 && i > pathLength) {
                throw new Refused(
                        issuerName + " allows " + pathLength + " intermediate(s) below it, the chain has " + i);
            }
            if (!Anchor.Issuer.of(issuer, chain.get(i + 1)).signed(cert, chain.get(i))) {
                throw new Refused("signature on " + describe(i, cert, keyId) + " does not verify with the key of "
                        + Certificates.subject(issuer));
            }
            windows.add(window(issuerName, issuer));
        }
        int last = certs.size() - 1;
        Anchor anchor = anchorOf(certs.get(last), chain.get(last), expectedDomain, keyId);
        int anchorPathLength = Certificates.pathLength(anchor.certificate());
        if (anchorPathLength >= 0 && last > anchorPathLength) {
            throw new Refused("trust anchor " + Certificates.subject(anchor.certificate()) + " allows "
                    + anchorPathLength + " intermediate(s), the chain of key " + keyId + " has " + last);
        }
        String anchorName =
                "trust anchor " + Certificates.subject(anchor.certificate()) + " of domain " + expectedDomain;
        windows.add(window(anchorName, anchor.certificate()));
        // After the anchor check, so a certificate from another domain's CA is reported as such.
        if (!domain.equals(expectedDomain)) {
            throw new Refused(leafName + " is for domain " + domain + ", not the expected domain " + expectedDomain);
        }
        return new Checked(new CertifiedKey(keyId, nodeId, domain, publicKey), chain, List.copyOf(windows));
    }

    private static Ed25519PublicKey leafKey(X509CertificateHolder leaf, String leafName) throws Refused {
        byte[] raw = Certificates.ed25519Key(leaf)
                .orElseThrow(() ->
                        new Refused(leafName + " holds a " + Certificates.keyAlgorithm(leaf) + " key, not Ed25519"));
        try {
            return Ed25519PublicKey.of(raw);
        } catch (IllegalArgumentException e) {
            throw new Refused(leafName + " holds an invalid Ed25519 public key");
        }
    }

    /** The anchor of {@code expectedDomain} that signed {@code top}; the refusal says who did sign it, if anyone. */
    private Anchor anchorOf(X509CertificateHolder top, byte[] topDer, String expectedDomain, String keyId)
            throws Refused {
        for (Anchor anchor : anchorsByDomain.getOrDefault(expectedDomain, List.of())) {
            if (anchor.certificate().getSubject().equals(top.getIssuer())
                    && anchor.issuer().signed(top, topDer)) {
                return anchor;
            }
        }
        String reason = "certificate of key " + keyId + " chains to no trust anchor of domain " + expectedDomain
                + " (issuer: " + Certificates.issuer(top);
        Optional<Anchor> other = anchorsByDomain.values().stream()
                .flatMap(List::stream)
                .filter(anchor -> anchor.certificate().getSubject().equals(top.getIssuer()))
                .filter(anchor -> anchor.issuer().signed(top, topDer))
                .findFirst();
        if (other.isPresent()) {
            reason += ", a trust anchor of domain " + other.get().domain();
        }
        if (!anchorsByDomain.containsKey(expectedDomain)) {
            reason += "; no trust anchor is configured for domain " + expectedDomain;
        }
        throw new Refused(reason + ")");
    }

    private static String describe(int index, X509CertificateHolder cert, String keyId) {
        return index == 0
                ? "certificate of key " + keyId
                : "intermediate certificate " + Certificates.subject(cert) + " in the chain of key " + keyId;
    }

    private static Window window(String name, X509CertificateHolder cert) {
        return new Window(
                name, cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    }
}
