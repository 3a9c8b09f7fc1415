package io.mre.cli;

import io.mre.cli.report.ObjectReport;
import io.mre.crypto.TrustBundle;
import io.mre.engine.MreException;
import io.mre.engine.verify.IntegrityRule;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre verify}: offline verification of an object file against a trust bundle. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Verify an object file offline against a trust bundle.",
        sortOptions = false,
        description = {
            "Verify an object file offline: size limits, the hash chain, every signature against the CA certificates "
                    + "of each entry's trust domain, that intent and context changed only through MUTATE entries, and "
                    + "that the history is a lawful run of its intent: each entry replayed as a transition of the "
                    + "fold (next step, attempts, routing, who may mutate, custody, dormancy; docs/object-format.md).",
            "Exit 0: valid. Exit 1: invalid, with the rule broken and the seq of the first bad entry on stderr. Exit 2: "
                    + "usage error."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OBJ", description = "The object file.")
    Path file;

    @Option(
            names = "--trust",
            required = true,
            paramLabel = "DIR",
            description =
                    "The trust bundle: a folder of CA certificates (*.crt, *.pem; one or more per trusted domain; "
                            + "leaf certificates are skipped) or one PEM file.")
    Path trust;

    @Option(names = "--allow-unsigned", description = "Accept entries without signatures (a node may allow them).")
    boolean allowUnsigned;

    @Option(names = "--require-header-signature", description = "Require a trusted author signature on the header.")
    boolean requireHeaderSignature;

    @Override
    public Integer call() throws IOException {
        TrustBundle bundle = Trust.load(trust);
        ExecutableObject object;
        try {
            object = ObjectFiles.read(file);
        } catch (MreException e) {
            spec.commandLine().getErr().println("mre: invalid: " + e.code() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
        VerifierSettings settings = settings(bundle, allowUnsigned, requireHeaderSignature);
        try {
            VerifiedObject verified = new Verifier(settings).verify(object);
            Set<String> signers = new LinkedHashSet<>();
            for (Entry e : verified.entries()) {
                signers.add(e.getNode().getNodeId() + "@" + e.getNode().getTrustDomain());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    "valid: " + verified.objectId() + " (" + object.getIntent().getName() + "), "
                            + verified.entries().size() + (verified.entries().size() == 1 ? " entry" : " entries")
                            + (signers.isEmpty() ? "" : " by " + String.join(", ", signers))
                            + (object.getHeader().getSignaturesCount() > 0
                                    ? "; header signed by the author"
                                    : "; header unsigned")
                            + "; signatures valid; history lawful (every entry a lawful transition of its intent)");
            out.flush();
            return ExitCodes.OK;
        } catch (MreException e) {
            ObjectReport.Verification v = verification(e, object, settings);
            String where = e.code() != ErrorCode.INTEGRITY_VIOLATION
                    ? e.code().name()
                    : "rule " + v.rule() + (v.seq() == null ? " at the header" : " at seq " + v.seq());
            String facts = v.historyLawful() == null
                    ? ""
                    : " (signatures valid: " + (v.signaturesValid() ? "yes" : "no") + "; history lawful: no)";
            spec.commandLine().getErr().println("mre: invalid: " + where + ": " + e.getMessage() + facts);
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
    }

    static VerifierSettings settings(TrustBundle bundle, boolean allowUnsigned, boolean requireHeaderSignature) {
        return new VerifierSettings(bundle, ObjectFiles.LIMITS, allowUnsigned, requireHeaderSignature);
    }

    /** Verifies without throwing: valid, or the rule and seq broken, as two facts (signatures, history). */
    static ObjectReport.Verification check(ExecutableObject object, VerifierSettings settings) {
        try {
            new Verifier(settings).verify(object);
            return new ObjectReport.Verification(true, true, true, null, null, null);
        } catch (MreException e) {
            return verification(e, object, settings);
        }
    }

    /**
     * The report of a refusal. A rule of meaning (the replay) was checked after the bytes of the entries before it:
     * whether the bytes hold over the whole object is found by checking them alone.
     */
    private static ObjectReport.Verification verification(
            MreException e, ExecutableObject object, VerifierSettings settings) {
        String rule = e.code() == ErrorCode.INTEGRITY_VIOLATION
                ? e.metadata().get("rule")
                : e.code().name();
        String seq = e.metadata().get("seq");
        boolean ofHistory = e.code() == ErrorCode.INTEGRITY_VIOLATION && ofHistory(rule);
        boolean signaturesValid = false;
        if (ofHistory) {
            try {
                new Verifier(settings.bytesOnly()).verify(object);
                signaturesValid = true;
            } catch (MreException bytes) {
                signaturesValid = false;
            }
        }
        return new ObjectReport.Verification(
                false,
                signaturesValid,
                ofHistory ? Boolean.FALSE : null,
                rule,
                seq == null ? null : Long.valueOf(seq),
                e.getMessage());
    }

    private static boolean ofHistory(String rule) {
        try {
            return IntegrityRule.valueOf(rule).ofHistory();
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return false;
        }
    }
}
