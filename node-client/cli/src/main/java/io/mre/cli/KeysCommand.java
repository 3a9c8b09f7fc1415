package io.mre.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mre keys}: the group of key and certificate commands. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        header = "Keys and certificates: a domain CA, node and client identities.",
        description = "Generate keys and certificates: a trust domain's CA, node identities, client identities.",
        subcommands = {KeysInitCommand.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand (init)");
    }
}
