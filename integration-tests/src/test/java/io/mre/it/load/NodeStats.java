package io.mre.it.load;

import io.mre.it.mesh.ChildNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a node process holds, read from outside: its {@code /metrics} (heap in use after full GCs, parked objects,
 * armed timers) and {@code /proc} (resident set, open file descriptors).
 *
 * @param heapBytes heap in use after two full GCs ({@code jcmd GC.run})
 * @param rssBytes resident set size
 * @param fds open file descriptors
 * @param parked objects in the parked-object store
 * @param timers armed reentry timers
 */
record NodeStats(long heapBytes, long rssBytes, long fds, long parked, long timers) {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static NodeStats of(ChildNode node) {
        gc(node.pid());
        gc(node.pid());
        String metrics = metrics(node.adminPort());
        return new NodeStats(
                (long) sum(metrics, "jvm_memory_used_bytes{", "area=\"heap\""),
                rss(node.pid()),
                fds(node.pid()),
                (long) sum(metrics, "mre_store_parked_objects{", ""),
                (long) sum(metrics, "mre_timers_armed{", ""));
    }

    /** Parked objects and armed timers only (no GC): cheap enough to poll. */
    static long[] parkedAndTimers(ChildNode node) {
        String metrics = metrics(node.adminPort());
        return new long[] {
            (long) sum(metrics, "mre_store_parked_objects{", ""), (long) sum(metrics, "mre_timers_armed{", "")
        };
    }

    private static void gc(long pid) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.run failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String metrics(int adminPort) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples of a metric ({@code name{}) whose labels contain {@code label}. */
    private static double sum(String metrics, String name, String label) {
        double total = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no " + name + label + " in /metrics");
        }
        return total;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mib(long bytes) {
        return String.format("%+.1fMiB", bytes / 1048576.0);
    }
}
