package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Test certificate authorities and node keys, made on first use (one CA per trust domain, one key per node) and
 * reused after. Thread-safe. Certificates are valid for ten years from their creation, less a minute.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * ExecutableObject object = intent("claim.settle").step("pay", "payment.transfer")
 *         .withCreatedAt(Instant.now()).signed(pki);
 * new Verifier(VerifierSettings.strict(pki.trustBundle())).verify(object);
 * }</pre>
 */
public final class TestPki {
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final ConcurrentMap<String, CertificateAuthority> authorities = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SigningKey> keys = new ConcurrentHashMap<>();

    private TestPki() {}

    /** An empty PKI. */
    public static TestPki create() {
        return new TestPki();
    }

    /** The CA of {@code trustDomain}. */
    public CertificateAuthority authority(String trustDomain) {
        requireNonNull(trustDomain, "trustDomain is null");
        return authorities.computeIfAbsent(trustDomain, d -> CertificateAuthority.create(d, VALIDITY));
    }

    /** The key of node {@code nodeId} in {@code trustDomain}, issued by that domain's CA. */
    public SigningKey key(String nodeId, String trustDomain) {
        requireNonNull(nodeId, "nodeId is null");
        CertificateAuthority ca = authority(trustDomain);
        return keys.computeIfAbsent(nodeId + "@" + trustDomain, k -> ca.issueNode(nodeId, VALIDITY));
    }

    /** Trust anchors of every domain this PKI has a CA for. */
    public TrustBundle trustBundle() {
        Map<String, List<byte[]>> anchors = new TreeMap<>();
        authorities.forEach((domain, ca) -> anchors.put(domain, List.of(ca.certificateDer())));
        return TrustBundle.of(anchors);
    }

    @Override
    public String toString() {
        return "TestPki" + new TreeMap<>(authorities).keySet();
    }
}
