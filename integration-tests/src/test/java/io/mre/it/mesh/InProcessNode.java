package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.mre.node.Node;
import io.mre.node.NodeInjector;
import io.mre.node.config.NodeConfig;
import java.nio.file.Path;

/** A node in the test's JVM, wired by {@link NodeInjector} from its {@code node.yaml}, as {@code NodeMain} does. */
final class InProcessNode implements MeshNode {
    private final NodeOptions options;
    private final Node node;

    private InProcessNode(NodeOptions options, Node node) {
        this.options = requireNonNull(options, "options is null");
        this.node = requireNonNull(node, "node is null");
    }

    static InProcessNode start(NodeOptions options, Path configFile, com.google.inject.Module... extra) {
        Injector injector = NodeInjector.create(NodeConfig.load(configFile), extra);
        Node node = injector.getInstance(Node.class);
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return new InProcessNode(options, node);
    }

    @Override
    public NodeOptions options() {
        return options;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + node.address().getPort();
    }

    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return nodeId() + "@" + domain() + " (in-process, " + address() + ")";
    }
}
