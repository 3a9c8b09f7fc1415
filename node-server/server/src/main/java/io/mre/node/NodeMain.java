package io.mre.node;

import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Starts one node from one YAML file: {@code java -jar mre-node.jar --config node.yaml} (or just the file). A
 * configuration problem prints one line and exits with status 2; any other start-up failure prints one line and
 * exits with status 1.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Before any Guice class loads: class generation is unneeded here and warns on recent JDKs.
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        Logging.install();
        Optional<Path> config = configPath(args);
        if (config.isEmpty()) {
            System.err.println("usage: java -jar mre-node.jar --config <node.yaml>");
            System.exit(2);
            return;
        }
        Node node;
        try {
            node = start(NodeConfig.load(config.get()));
        } catch (RuntimeException e) {
            System.exit(report(e, System.err));
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("node-shutdown").unstarted(node::close));
        node.awaitTermination();
    }

    /** Creates the injector and starts the node (the gRPC server, then the admin endpoint). */
    static Node start(NodeConfig config) {
        Injector injector = NodeInjector.create(config);
        Node node = injector.getInstance(Node.class);
        node.start();
        return node;
    }

    /** Prints one line for a start-up failure and returns the exit status. */
    static int report(Throwable failure, PrintStream err) {
        Optional<ConfigException> config = find(failure, ConfigException.class);
        if (config.isPresent()) {
            err.println(config.get().getMessage());
            return 2;
        }
        err.println("mre-node: cannot start: " + describe(failure));
        LoggerFactory.getLogger(NodeMain.class).debug("start-up failure", failure);
        return 1;
    }

    static Optional<Path> configPath(String[] args) {
        if (args.length == 2 && args[0].equals("--config")) {
            return Optional.of(Path.of(args[1]));
        }
        if (args.length == 1 && !args[0].startsWith("-")) {
            return Optional.of(Path.of(args[0]));
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
            // Guice collects the failures of all providers as messages, each with its own cause.
            for (Message m : guiceMessages(c)) {
                Optional<T> found = m.getCause() == null ? Optional.empty() : find(m.getCause(), type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Iterable<Message> guiceMessages(Throwable t) {
        if (t instanceof CreationException e) {
            return e.getErrorMessages();
        }
        if (t instanceof ProvisionException e) {
            return e.getErrorMessages();
        }
        return List.of();
    }

    /**
     * The failure in one line: past Guice's wrapping (its first error; the others are usually the same failure
     * seen by each provider that needed the broken one) to the outermost exception with a message of its own,
     * which names what was being done ("cannot listen on 127.0.0.1:7443: ...") where the root cause alone would
     * not ("bind(..) failed: Address already in use").
     */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while (true) {
            Optional<Throwable> inner = firstGuiceCause(t);
            if (inner.isPresent()) {
                t = inner.get();
            } else if (t.getCause() != null
                    && t.getCause() != t
                    && (t.getMessage() == null
                            || t.getMessage().equals(t.getCause().toString())
                            || isGuice(t))) {
                t = t.getCause();
            } else {
                break;
            }
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Optional<Throwable> firstGuiceCause(Throwable t) {
        for (Message m : guiceMessages(t)) {
            if (m.getCause() != null) {
                return Optional.of(m.getCause());
            }
        }
        return Optional.empty();
    }

    private static boolean isGuice(Throwable t) {
        return t instanceof CreationException || t instanceof ProvisionException;
    }
}
