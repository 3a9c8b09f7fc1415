package io.mre.cli;

import io.mre.client.TrustAnchors;
import io.mre.crypto.TrustBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Loads a trust bundle for offline verification from a file or folder of CA certificates (leaves are skipped). */
final class Trust {
    private Trust() {}

    static TrustBundle load(Path fileOrFolder) throws IOException {
        if (!Files.exists(fileOrFolder)) {
            throw CliException.usage("no such trust file or folder: " + fileOrFolder);
        }
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : TrustAnchors.load(fileOrFolder)) {
            try {
                ders.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IOException(fileOrFolder + ": " + e.getMessage(), e);
            }
        }
        try {
            return TrustBundle.ofCertificates(ders);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(fileOrFolder + ": " + e.getMessage());
        }
    }
}
