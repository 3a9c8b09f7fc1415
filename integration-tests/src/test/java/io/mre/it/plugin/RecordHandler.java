package io.mre.it.plugin;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An effect made idempotent by its key, as a downstream system would make it, and recorded for the fault suite.
 * Every call appends a line to {@code <recordDir>/<by>.calls}; a call whose idempotency key this node has not
 * applied yet applies the effect, appending {@code key objectId stepId attempt} to {@code <recordDir>/<by>.applied}
 * (both written with {@code SYNC}, so a SIGKILL loses nothing the node was told). The directory comes from the
 * intent's input {@code recordDir}. A repeated call under an applied key (a step run again after a crash) applies
 * nothing: the suite then finds each key once across all nodes' files unless a step truly ran twice.
 */
record RecordHandler(String by) implements OperationHandler {
    static final String OPERATION = "record";
    /** Keys this node's handler has applied, per record folder (loaded from the file after a restart). */
    private static final Map<Path, Set<String>> APPLIED = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public HandlerResult handle(Invocation invocation) throws IOException {
        Path dir = Path.of(String.valueOf(invocation.input().get("recordDir")));
        String key = invocation.idempotencyKey();
        append(dir.resolve(by + ".calls"), key);
        Path applied = dir.resolve(by + ".applied");
        boolean fresh;
        synchronized (APPLIED) {
            Set<String> keys = APPLIED.computeIfAbsent(applied, RecordHandler::load);
            fresh = keys.add(key);
            if (fresh) {
                append(
                        applied,
                        key + " " + invocation.objectId() + " " + invocation.stepId() + " " + invocation.attempt());
            }
        }
        return HandlerResult.success(Map.of("operation", OPERATION, "by", by, "applied", fresh));
    }

    private static Set<String> load(Path file) {
        Set<String> keys = new HashSet<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        keys.add(line.split(" ", 2)[0]);
                    }
                }
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(
                file,
                line + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }
}
