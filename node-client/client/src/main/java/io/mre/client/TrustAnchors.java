package io.mre.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the CA certificates to trust from a PEM file or from every {@code *.crt}/{@code *.pem} of a folder. */
public final class TrustAnchors {
    private TrustAnchors() {}

    /**
     * The CA certificates in {@code fileOrFolder}. In a folder, leaf certificates are skipped, so the folder
     * {@code mre keys init} wrote (CA, node and client certificates side by side) serves as it is.
     *
     * @throws IOException if nothing is there, a file is not PEM certificates, or no CA certificate was found
     */
    public static List<X509Certificate> load(Path fileOrFolder) throws IOException {
        if (!Files.exists(fileOrFolder)) {
            throw new IOException("no such file or folder: " + fileOrFolder);
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(fileOrFolder)) {
                files = listing.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".crt")
                                || f.getFileName().toString().endsWith(".pem"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                read(file).stream().filter(c -> c.getBasicConstraints() >= 0).forEach(anchors::add);
            }
        } else {
            anchors.addAll(read(fileOrFolder));
        }
        if (anchors.isEmpty()) {
            throw new IOException(fileOrFolder + ": no CA certificate found");
        }
        return List.copyOf(anchors);
    }

    private static List<X509Certificate> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + ": no PEM certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }
}
