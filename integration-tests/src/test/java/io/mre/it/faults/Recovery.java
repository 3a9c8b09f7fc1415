package io.mre.it.faults;

import io.mre.engine.time.Timestamps;
import io.mre.it.mesh.Plans;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.GetResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long the mesh took to use a faulted part again, read from the final histories: for a killed or stopped node,
 * from the kill (the restart included) or the SIGCONT to the first entry that node appended afterwards; for a
 * broken link, from the heal to the first custody transfer over it (an entry of one end right after a DELEGATE of
 * the other). A fault after which no history used the part again is not counted.
 */
record Recovery(Map<Faults.Kind, Duration> maxByKind, int uncounted, List<String> each) {

    static Recovery of(List<Faults.Fault> faults, Collection<GetResponse> finals) {
        List<List<Entry>> histories = new ArrayList<>();
        finals.forEach(r -> histories.add(Plans.entries(r.getObject())));
        Map<Faults.Kind, Duration> max = new TreeMap<>();
        int uncounted = 0;
        List<String> each = new ArrayList<>();
        for (Faults.Fault f : faults) {
            Instant first = null;
            for (List<Entry> h : histories) {
                for (int i = 0; i < h.size(); i++) {
                    Entry e = h.get(i);
                    Instant t = Timestamps.toInstant(e.getTime());
                    if (t.isBefore(f.healed()) || (first != null && !t.isBefore(first)) || !uses(f, h, i)) {
                        continue;
                    }
                    first = t;
                }
            }
            each.add(f.kind() + " " + f.nodes() + " at " + f.began() + ": "
                    + (first == null
                            ? "not used again"
                            : Duration.between(f.healed(), first).toMillis() + " ms"));
            if (first == null) {
                uncounted++;
            } else {
                max.merge(f.kind(), Duration.between(f.healed(), first), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return new Recovery(max, uncounted, each);
    }

    private static boolean uses(Faults.Fault f, List<Entry> h, int i) {
        String node = h.get(i).getNode().getNodeId();
        if (f.nodes().size() == 1) {
            return node.equals(f.nodes().getFirst());
        }
        if (i == 0 || h.get(i - 1).getAction() != Action.ACTION_DELEGATE) {
            return false;
        }
        String sender = h.get(i - 1).getNode().getNodeId();
        return f.nodes().contains(node) && f.nodes().contains(sender) && !node.equals(sender);
    }

    Duration max() {
        return maxByKind.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("%.1fs (", max().toMillis() / 1000.0));
        maxByKind.forEach((k, d) -> s.append(k).append(' ').append(String.format("%.1fs ", d.toMillis() / 1000.0)));
        return s.toString().trim() + (uncounted > 0 ? ", " + uncounted + " not reused" : "") + ")";
    }
}
