package io.mre.node.federation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names and addresses a node's certificate carries (subject alternative names), and whether a host it is
 * reached by is among them: peers and clients check the host they dial against these, so a node whose certificate
 * lacks its own listen host is refused by every caller — the node says so at start rather than leaving it to them.
 */
public final class CertificateNames {
    private CertificateNames() {}

    /** Every DNS name and IP address in the certificate's subject alternative names, as text. */
    public static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> a : alternatives) {
                    int type = (Integer) a.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add(String.valueOf(a.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate without readable alternative names carries none
        }
        return List.copyOf(names);
    }

    /**
     * Why {@code host} is not one the certificate can be dialled by, or empty when it is (or when it is a wildcard
     * listen address such as 0.0.0.0, which no caller dials).
     */
    public static Optional<String> missing(X509Certificate certificate, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = of(certificate);
        for (String name : names) {
            if (name.equalsIgnoreCase(h) || sameAddress(name, h)) {
                return Optional.empty();
            }
        }
        return Optional.of("the node's certificate does not carry '" + h + "' (it carries " + names
                + "): peers and clients that dial " + h + " will refuse it; issue the certificate with "
                + "'mre keys init --san " + h.toLowerCase(Locale.ROOT) + "' or listen on a name it carries");
    }

    private static boolean sameAddress(String a, String b) {
        if (!looksLikeAddress(a) || !looksLikeAddress(b)) {
            return false;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // Only literal addresses are compared as addresses: no DNS look-up at start-up.
    private static boolean looksLikeAddress(String s) {
        return s.contains(":") || s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
