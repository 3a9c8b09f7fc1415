package io.mre.cli;

import io.mre.cli.intent.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code mre}: the command line of MRE. One class per subcommand; add a subcommand by listing its class below. */
@Command(
        name = "mre",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "MRE: persistent executable objects that carry their own intent, context and signed history across "
                    + "organizations.",
            "",
            "Offline: keys init, new, inspect, verify. Against a node: submit, get, signal, cancel, watch, peers. "
                    + "Run a node: node. See it all: demo."
        },
        subcommands = {
            KeysCommand.class,
            NewCommand.class,
            InspectCommand.class,
            VerifyCommand.class,
            SubmitCommand.class,
            GetCommand.class,
            SignalCommand.class,
            CancelCommand.class,
            WatchCommand.class,
            PeersCommand.class,
            NodeCommand.class,
            DemoCommand.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done (verify: the object is valid)",
            "  1  failed: invalid object, node refused or unreachable, TLS refused",
            "  2  usage error: bad options, missing file, bad intent file",
            "",
            "Errors are one line on stderr; --verbose adds the stack trace.",
            "Docs: docs/intent-schema.md, docs/inspect-json.md, node-client/README.md"
        })
public final class Main implements Runnable {
    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print stack traces and transport logs on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command");
    }

    public static void main(String[] args) {
        configureLogging(verbose(List.of(args)));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: converters, one-line error reporting, exit codes. Tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.registerConverter(Duration.class, text -> {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        cmd.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            String message = e.getMessage() == null
                    ? "invalid command line"
                    : e.getMessage().lines().findFirst().orElse("");
            err.println("mre: " + message + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            if (verbose(List.of(args))) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((e, failed, parseResult) -> {
            ErrorReporter.Failure failure = ErrorReporter.describe(e, tlsFolder(parseResult));
            PrintWriter err = failed.getErr();
            err.println("mre: " + failure.message());
            if (verbose(parseResult.originalArgs())) {
                e.printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        });
        return cmd;
    }

    // The --tls folder of the command that failed (given or from $MRE_TLS): TLS errors name it.
    private static java.util.Optional<java.nio.file.Path> tlsFolder(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult leaf = parseResult;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        CommandLine.Model.OptionSpec option = leaf.commandSpec().findOption("--tls");
        return option == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(option.getValue());
    }

    // --verbose is inherited by every subcommand; reading it off the arguments works before parsing and after failures.
    private static boolean verbose(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--verbose") || arg.equals("-v")) {
                return true;
            }
        }
        return false;
    }

    /** Quiet by default: the CLI speaks in one-line messages, not logs. */
    private static void configureLogging(boolean verbose) {
        System.setProperty("logback.configurationFile", "mre-cli-logback.xml");
        System.setProperty("mre.log.level", verbose ? "DEBUG" : "ERROR");
        Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.OFF);
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.setLevel(verbose ? Level.INFO : Level.OFF);
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mre " + (version == null ? "(development build)" : version)};
        }
    }
}
