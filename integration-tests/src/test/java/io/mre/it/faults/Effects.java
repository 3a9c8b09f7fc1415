package io.mre.it.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The effects the recording handler applied, read from every node's {@code <node>.applied} file (lines
 * {@code key objectId stepId attempt}, written with SYNC before the handler returned).
 */
record Effects(
        Map<String, List<String>> nodesByKey,
        Map<String, Set<String>> keysByStep,
        Map<String, String> nodeByStep,
        long applied) {

    static Effects read(Path records) throws IOException {
        Map<String, List<String>> nodesByKey = new HashMap<>();
        Map<String, Set<String>> keysByStep = new HashMap<>();
        Map<String, String> nodeByStep = new HashMap<>();
        long applied = 0;
        try (Stream<Path> files = Files.list(records)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".applied"))
                    .toList()) {
                String node = f.getFileName().toString().replace(".applied", "");
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split(" ");
                    String step = parts[1] + "/" + parts[2];
                    nodesByKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(node);
                    keysByStep.computeIfAbsent(step, k -> new TreeSet<>()).add(parts[0]);
                    nodeByStep.put(step, node);
                    applied++;
                }
            }
        }
        return new Effects(nodesByKey, keysByStep, nodeByStep, applied);
    }

    /** Keys applied more than once (on two nodes, or twice on one). */
    List<String> appliedTwice() {
        return nodesByKey.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " on " + e.getValue())
                .toList();
    }

    /** Steps (objectId/stepId) whose effect was applied under more than one idempotency key. */
    List<String> stepsUnderTwoKeys() {
        return keysByStep.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " under " + e.getValue())
                .toList();
    }

    /** The node that applied the step's effect, or null. */
    String appliedAt(String objectId, String stepId) {
        return nodeByStep.get(objectId + "/" + stepId);
    }
}
