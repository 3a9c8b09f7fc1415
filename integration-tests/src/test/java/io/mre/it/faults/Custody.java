package io.mre.it.faults;

import io.mre.proto.v1.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks every memory-aware node for every object of the run: each must be held by exactly one node, and that node's
 * copy must be the terminal object the client saw (same entries, same head). A sender keeps its copy until the
 * receiver acknowledges custody, so right after a fault a sender may still hold an older head: the suite waits for
 * that to settle, and what does not settle is a second custody or a divergent history.
 */
final class Custody {
    private final FaultMesh mesh;
    private final Tracker tracker;

    Custody(FaultMesh mesh, Tracker tracker) {
        this.mesh = mesh;
        this.tracker = tracker;
    }

    /** The objects whose custody is wrong now, each with what every node answered. */
    List<String> check() throws InterruptedException, ExecutionException {
        Map<String, GetResponse> terminal = tracker.terminal();
        Map<String, Tracker.Tracked> objects = tracker.objects();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String id : objects.keySet()) {
                results.add(pool.submit(
                        (Callable<String>) () -> checkOne(id, objects.get(id).owner(), terminal.get(id))));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<String> f : results) {
                String problem = f.get();
                if (problem != null) {
                    wrong.add(problem);
                }
            }
            return wrong;
        } finally {
            pool.shutdownNow();
        }
    }

    private String checkOne(String id, String owner, GetResponse seen) {
        List<String> holders = new ArrayList<>();
        boolean divergent = false;
        for (String node : mesh.memoryAware()) {
            Optional<GetResponse> r = tracker.get(node, id, owner);
            if (r.isPresent()) {
                holders.add(node + "(" + r.get().getStatus().getEntries() + " entries, "
                        + r.get().getStatus().getLifecycle() + ")");
                divergent |= seen == null || !r.get().getObject().equals(seen.getObject());
            }
        }
        return holders.size() == 1 && !divergent
                ? null
                : id + ": held by " + holders + (divergent ? ", not the head the client saw" : "");
    }
}
