package io.mre.cli;

import io.mre.cli.intent.IntentFile;
import io.mre.cli.intent.IntentFormatException;
import io.mre.crypto.SigningKey;
import io.mre.engine.MreException;
import io.mre.engine.object.ObjectFactory;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Origin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mre new}: an object from a friendly YAML/JSON intent file, optionally signed by its author. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        header = "Create an object from a YAML/JSON intent file.",
        sortOptions = false,
        description = {
            "Create an object (empty memory) from an intent file in YAML or JSON; see docs/intent-schema.md.",
            "With --sign-with or --key/--cert the author signs the header, fixing intent and context until the first entry."
        })
final class NewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--intent",
            required = true,
            paramLabel = "FILE",
            description = "The intent file (.yaml, .yml or .json).")
    Path intentFile;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "OBJ",
            description = "Where to write the object (binary protobuf).")
    Path out;

    @ArgGroup(exclusive = true)
    Signer signer;

    @Option(names = "--force", description = "Replace OBJ if it exists.")
    boolean force;

    /** Who signs the header. */
    static final class Signer {
        @Option(
                names = "--sign-with",
                paramLabel = "DIR",
                description = "Sign with a key from DIR (as 'mre keys init' wrote it): the one whose certificate names "
                        + "origin.author (or whose file is named after it), else the client key (client.key), else the "
                        + "only key there.")
        Path dir;

        @ArgGroup(exclusive = false)
        KeyFiles files;
    }

    /** An explicit key and certificate. */
    static final class KeyFiles {
        @Option(
                names = "--key",
                required = true,
                paramLabel = "K",
                description = "The author's private key (PKCS#8 PEM).")
        Path key;

        @Option(
                names = "--cert",
                required = true,
                paramLabel = "C",
                description = "The author's certificate chain (PEM).")
        Path cert;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(intentFile)) {
            throw CliException.usage("no such intent file: " + intentFile);
        }
        if (!force && Files.exists(out)) {
            throw CliException.usage(out + " already exists (use --force to replace it)");
        }
        IntentFile.Spec intent;
        try {
            intent = new IntentFile(Clock.systemUTC()).read(intentFile);
        } catch (IntentFormatException e) {
            throw CliException.usage(intentFile + ": " + e.getMessage());
        }
        Optional<SigningKey> key = signingKey(intent.author());
        String domain = intent.domain()
                .or(() -> key.map(SigningKey::trustDomain))
                .orElseThrow(() -> CliException.usage(intentFile
                        + ": origin.domain is required for an unsigned object (or sign it with --sign-with DIR)"));
        if (key.isPresent() && !key.get().trustDomain().equals(domain)) {
            throw CliException.usage(
                    intentFile + ": origin.domain '" + domain + "' is not the domain of the signing key ('"
                            + key.get().trustDomain() + "'); a verifier would refuse the header signature");
        }
        if (key.isPresent()
                && intent.author().isPresent()
                && !intent.author().get().equals(key.get().nodeId())) {
            // The header would say one author and carry another's signature: refuse it here, not at an audit.
            throw CliException.usage(
                    intentFile + ": origin.author '" + intent.author().get() + "' is not the signer '"
                            + key.get().nodeId() + "' (the name in the signing certificate); set origin.author to '"
                            + key.get().nodeId() + "', leave it out, or sign with "
                            + intent.author().get() + "'s key");
        }
        String author = intent.author()
                .or(() -> key.map(SigningKey::nodeId))
                .orElse(System.getProperty("user.name", "unknown"));
        Context context = intent.context().getOwnerDomain().isEmpty()
                ? intent.context().toBuilder().setOwnerDomain(domain).build()
                : intent.context();
        ExecutableObject object;
        try {
            object = ObjectFactory.create(
                    intent.intent(),
                    context,
                    Origin.newBuilder().setAuthor(author).setTrustDomain(domain).build(),
                    key,
                    Clock.systemUTC());
        } catch (MreException e) {
            throw CliException.usage(intentFile + ": " + e.getMessage());
        }
        ObjectFiles.write(out, object, force);
        PrintWriter o = spec.commandLine().getOut();
        String id = io.mre.engine.codec.ObjectCodec.header(object).getObjectId();
        o.println("created " + id + " (" + object.getIntent().getName() + " "
                + object.getIntent().getVersion() + ", "
                + object.getIntent().getStepsCount() + (object.getIntent().getStepsCount() == 1 ? " step" : " steps")
                + ") -> " + out);
        o.println(key.map(k -> "header signed by " + k.nodeId() + "@" + k.trustDomain())
                .orElse("header unsigned (origin " + author + "@" + domain + ")"));
        o.flush();
        return ExitCodes.OK;
    }

    private Optional<SigningKey> signingKey(Optional<String> author) throws IOException {
        if (signer == null) {
            return Optional.empty();
        }
        if (signer.files != null) {
            return Optional.of(load(signer.files.key, signer.files.cert));
        }
        Path dir = signer.dir;
        if (!Files.isDirectory(dir)) {
            throw CliException.usage("--sign-with " + dir + ": no such folder");
        }
        if (author.isPresent() && Files.isRegularFile(dir.resolve(author.get() + ".key"))) {
            return Optional.of(load(dir.resolve(author.get() + ".key"), dir.resolve(author.get() + ".crt")));
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".key") && !n.equals("ca.key"))
                    .map(n -> n.substring(0, n.length() - ".key".length()))
                    .filter(n -> Files.isRegularFile(dir.resolve(n + ".crt")))
                    .sorted()
                    .toList();
        }
        if (author.isPresent()) {
            // origin.author names the signer as its certificate does (client.crt of 'ops' signs for 'ops').
            for (String name : names) {
                SigningKey k = load(dir.resolve(name + ".key"), dir.resolve(name + ".crt"));
                if (k.nodeId().equals(author.get())) {
                    return Optional.of(k);
                }
            }
        }
        if (names.contains("client")) {
            // A person signs what they author: the client identity, not a node's key beside it.
            return Optional.of(load(dir.resolve("client.key"), dir.resolve("client.crt")));
        }
        if (names.size() != 1) {
            throw CliException.usage("--sign-with " + dir + ": "
                    + (names.isEmpty()
                            ? "no key with its certificate there"
                            : "several keys there (" + String.join(", ", names) + ") and none is client.key or names "
                                    + author.map(a -> "'" + a + "'").orElse("origin.author")
                                    + "; set origin.author to one of them or use --key/--cert"));
        }
        return Optional.of(load(dir.resolve(names.get(0) + ".key"), dir.resolve(names.get(0) + ".crt")));
    }

    private static SigningKey load(Path key, Path cert) throws IOException {
        for (Path p : List.of(key, cert)) {
            if (!Files.isRegularFile(p)) {
                throw CliException.usage("no such file: " + p);
            }
        }
        return SigningKey.load(key, cert);
    }
}
