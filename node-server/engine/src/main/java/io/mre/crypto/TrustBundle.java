package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The trust anchors a node accepts, per trust domain: which organizations' CAs may certify signers and TLS peers
 * of which domain. Immutable and thread-safe; successful chain validations are cached per key and domain.
 */
public final class TrustBundle {
    private final Map<String, List<Anchor>> anchorsByDomain;
    private final ChainValidator validator;

    private TrustBundle(Map<String, List<Anchor>> anchorsByDomain) {
        this.anchorsByDomain = anchorsByDomain;
        this.validator = new ChainValidator(anchorsByDomain, ChainValidator.DEFAULT_CACHE_SIZE);
    }

    /**
     * Loads every {@code *.crt} and {@code *.pem} file of {@code folder} (not recursively), each holding one or more
     * CA certificates; an anchor's domain is its subject O.
     *
     * @throws IOException if the folder has no such file, or one cannot be read or holds no usable CA certificate
     *         (the message names the file)
     */
    public static TrustBundle load(Path folder) throws IOException {
        requireNonNull(folder, "folder is null");
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".crt") || name.endsWith(".pem");
                    })
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + ": no *.crt or *.pem trust anchor file");
        }
        List<Anchor> anchors = new ArrayList<>();
        for (Path file : files) {
            List<byte[]> certificates;
            try {
                certificates = Pem.read(file, Pem.CERTIFICATE);
            } catch (IOException e) {
                throw new IOException("cannot read trust anchor file " + file + ": " + e.getMessage(), e);
            }
            for (byte[] der : certificates) {
                try {
                    anchors.add(Anchor.of(der));
                } catch (IllegalArgumentException e) {
                    throw new IOException("trust anchor file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return new TrustBundle(group(anchors));
    }

    /**
     * A bundle from CA certificates (DER) per domain.
     *
     * @throws IllegalArgumentException if a certificate is unreadable, not a CA, or its subject O is not its domain
     */
    public static TrustBundle of(Map<String, List<byte[]>> domainToCaDer) {
        requireNonNull(domainToCaDer, "domainToCaDer is null");
        List<Anchor> anchors = new ArrayList<>();
        domainToCaDer.forEach((domain, ders) -> {
            requireNonNull(domain, "domain is null");
            requireNonNull(ders, "CA certificates of " + domain + " are null");
            for (byte[] der : ders) {
                Anchor anchor =
                        Anchor.of(requireNonNull(der, "CA certificate is null").clone());
                if (!anchor.domain().equals(domain)) {
                    throw new IllegalArgumentException("CA certificate " + Certificates.subject(anchor.certificate())
                            + " is of domain " + anchor.domain() + ", listed under " + domain);
                }
                anchors.add(anchor);
            }
        });
        return new TrustBundle(group(anchors));
    }

    /** A bundle from CA certificates (DER), each one's domain taken from its subject O. */
    public static TrustBundle ofCertificates(Collection<byte[]> caDer) {
        requireNonNull(caDer, "caDer is null");
        return new TrustBundle(group(caDer.stream()
                .map(der ->
                        Anchor.of(requireNonNull(der, "CA certificate is null").clone()))
                .toList()));
    }

    private static Map<String, List<Anchor>> group(List<Anchor> anchors) {
        Map<String, List<Anchor>> byDomain = new LinkedHashMap<>();
        anchors.forEach(anchor -> byDomain.computeIfAbsent(anchor.domain(), d -> new ArrayList<>())
                .add(anchor));
        Map<String, List<Anchor>> frozen = new LinkedHashMap<>();
        byDomain.forEach((domain, list) -> frozen.put(domain, List.copyOf(list)));
        return Collections.unmodifiableMap(frozen);
    }

    /** The trust domains with at least one anchor. */
    public Set<String> domains() {
        return Collections.unmodifiableSet(new TreeSet<>(anchorsByDomain.keySet()));
    }

    /** Every anchor, all domains (for TLS trust managers; check the peer's domain with {@link #validate}). */
    public List<X509Certificate> anchors() {
        return anchorsByDomain.values().stream()
                .flatMap(List::stream)
                .map(Anchor::jdk)
                .toList();
    }

    /** The anchors of one domain; empty if the domain is unknown. */
    public List<X509Certificate> anchors(String domain) {
        requireNonNull(domain, "domain is null");
        return anchorsByDomain.getOrDefault(domain, List.of()).stream()
                .map(Anchor::jdk)
                .toList();
    }

    /**
     * Validates a signer's chain (DER, leaf first, anchor excluded) for {@code expectedDomain} at instant
     * {@code at}: the leaf holds an Ed25519 key and is not a CA, its subject O is {@code expectedDomain}, each
     * certificate is signed by the next, intermediates are CAs, the last is signed by an anchor of
     * {@code expectedDomain} (of no other domain), and every certificate, the anchor included, is valid at
     * {@code at}. Never throws for a bad chain: the reason is in {@link ChainValidation.Invalid}.
     */
    public ChainValidation validate(List<byte[]> chainDer, String expectedDomain, Instant at) {
        requireNonNull(chainDer, "chainDer is null");
        requireNonNull(expectedDomain, "expectedDomain is null");
        requireNonNull(at, "at is null");
        return validator.validate(chainDer, expectedDomain, at);
    }

    @Override
    public String toString() {
        return "TrustBundle" + domains();
    }
}
