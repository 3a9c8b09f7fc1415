package io.mre.bench.mesh;

import java.util.Arrays;

/**
 * The mesh benchmarks: real nodes ({@code java -jar mre-node.jar}, one JVM each) on 127.0.0.1, driven by this
 * harness. Run from the repository root after building the node jar and the benchmark jar:
 *
 * <pre>
 * java -Xmx2g --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.mre.bench.mesh.MeshBench \
 *     handoff --tls=true --receiver=memory-aware --concurrency=1,32
 * </pre>
 *
 * Commands: {@code handoff} (custody transfer into one receiver: {@link HandoffBench}), {@code chain} (objects/s
 * through a chain of memory-aware nodes: {@link ChainBench}), {@code idle} (an idle node's heap) and {@code parked}
 * (many dormant objects: heap and restart time; both {@link HeapBench}) and {@code store} (the parked-object store
 * alone, in this JVM: {@link StoreBench}); {@code handoff-compare} pairs two node builds ({@link HandoffCompare}). Common options: {@code --root} (where the
 * mesh is laid out, default {@code benchmarks/target/mesh/<command>-<time>}), {@code --node-jar}, {@code --node-jvm}
 * (the nodes' JVM options, default {@value Common#DEFAULT_NODE_JVM}), {@code --results} (result rows are appended
 * there, default {@code benchmarks/target/mesh/results.md}).
 */
public final class MeshBench {
    private MeshBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: MeshBench handoff|handoff-compare|chain|workflow|idle|parked|store [--option=value ...]");
            System.exit(2);
        }
        String command = args[0];
        Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
        Common common = Common.of(command, options);
        switch (command) {
            case "handoff" -> HandoffBench.run(options, common);
            case "chain" -> ChainBench.run(options, common);
            case "idle" -> HeapBench.idle(options, common);
            case "parked" -> HeapBench.parked(options, common);
            case "store" -> StoreBench.run(options, common);
            case "handoff-compare" -> HandoffCompare.run(options, common);
            case "workflow" -> WorkflowBench.run(options, common);
            default -> {
                System.err.println("unknown command '" + command + "': handoff, chain, idle or parked");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
