package io.mre.cli.intent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TraceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Reads the friendly intent file of {@code mre new} (YAML, or JSON for a {@code .json} file) into the intent and
 * context of a new object. Strict: an unknown key, a missing key or a value of the wrong kind is an
 * {@link IntentFormatException} naming the key. The schema is documented in {@code docs/intent-schema.md}.
 */
public final class IntentFile {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final InstantSource clock;

    /** {@code clock} resolves relative deadlines such as {@code deadline: 10m}. */
    public IntentFile(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What an intent file describes.
     *
     * @param intent the intent
     * @param context the context block
     * @param author {@code origin.author}, if given
     * @param domain {@code origin.domain}, if given
     */
    public record Spec(Intent intent, Context context, Optional<String> author, Optional<String> domain) {
        public Spec {
            requireNonNull(intent, "intent is null");
            requireNonNull(context, "context is null");
            requireNonNull(author, "author is null");
            requireNonNull(domain, "domain is null");
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws IOException if it cannot be read
     * @throws IntentFormatException if it is not valid YAML/JSON or does not follow the schema
     */
    public Spec read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        boolean json =
                file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IntentFormatException("not valid " + (json ? "JSON" : "YAML") + where(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IntentFormatException("the file is empty");
        }
        return parse(root);
    }

    /** Reads an already parsed tree. */
    public Spec parse(JsonNode root) {
        Tree top = Tree.root(root)
                .mapping("name", "version", "input", "onFailure", "replanDomains", "steps", "context", "origin");
        Intent.Builder intent = Intent.newBuilder()
                .setName(top.required("name").text())
                .setVersion(top.optional("version").map(Tree::text).orElse("1"));
        top.optional("input").ifPresent(t -> intent.setInput(t.struct()));
        top.optional("onFailure").ifPresent(t -> intent.setOnFailure(failureMode(t)));
        top.optional("replanDomains").ifPresent(t -> intent.addAllReplanDomains(t.texts()));
        List<Tree> steps = top.required("steps").list();
        if (steps.isEmpty()) {
            throw new IntentFormatException("steps: the plan needs at least one step");
        }
        steps.forEach(s -> intent.addSteps(step(s)));

        Optional<String> author = Optional.empty();
        Optional<String> domain = Optional.empty();
        Optional<Tree> origin = top.optional("origin");
        if (origin.isPresent()) {
            Tree o = origin.get().mapping("author", "domain");
            author = o.optional("author").map(Tree::text);
            domain = o.optional("domain").map(Tree::text);
        }
        Context context = top.optional("context").map(this::context).orElse(Context.getDefaultInstance());
        return new Spec(intent.build(), context, author, domain);
    }

    private static FailureMode failureMode(Tree t) {
        return switch (t.text()) {
            case "compensate" -> FailureMode.FAILURE_MODE_COMPENSATE;
            case "terminate" -> FailureMode.FAILURE_MODE_TERMINATE;
            case "dormant-for-review" -> FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW;
            default -> throw t.error("expected compensate, terminate or dormant-for-review, got '" + t.text() + "'");
        };
    }

    private Step step(Tree t) {
        t.mapping("id", "operation", "params", "routing", "retry", "compensation", "await", "timeout");
        Step.Builder step = Step.newBuilder()
                .setId(t.required("id").text())
                .setOperation(t.required("operation").text());
        t.optional("params").ifPresent(p -> step.setParams(p.struct()));
        t.optional("routing").ifPresent(r -> step.setRouting(routing(r)));
        t.optional("retry").ifPresent(r -> step.setRetry(retry(r)));
        t.optional("compensation").ifPresent(c -> step.setCompensation(compensation(c)));
        t.optional("await").ifPresent(a -> step.setAwaitCondition(await(a)));
        t.optional("timeout").ifPresent(d -> step.setTimeout(Timestamps.toProto(d.duration())));
        return step.build();
    }

    private static Routing routing(Tree t) {
        t.mapping("domain", "capabilities", "labels");
        Routing.Builder r = Routing.newBuilder();
        t.optional("domain").ifPresent(d -> r.setTrustDomain(d.text()));
        t.optional("capabilities").ifPresent(c -> r.addAllCapabilities(c.texts()));
        t.optional("labels").ifPresent(l -> r.putAllLabels(l.textMap()));
        return r.build();
    }

    private static RetryPolicy retry(Tree t) {
        t.mapping("maxAttempts", "initialBackoff", "maxBackoff", "multiplier");
        RetryPolicy.Builder r = RetryPolicy.newBuilder()
                .setMaxAttempts((int) t.required("maxAttempts").integer(1, 100));
        t.optional("initialBackoff").ifPresent(d -> r.setInitialBackoff(Timestamps.toProto(d.duration())));
        t.optional("maxBackoff").ifPresent(d -> r.setMaxBackoff(Timestamps.toProto(d.duration())));
        t.optional("multiplier").ifPresent(m -> {
            double value = m.number();
            if (value < 1.0 || value > 100.0) {
                throw m.error("must be between 1 and 100, got " + value);
            }
            r.setBackoffMultiplier(value);
        });
        return r.build();
    }

    private static Compensation compensation(Tree t) {
        t.mapping("operation", "params");
        Compensation.Builder c =
                Compensation.newBuilder().setOperation(t.required("operation").text());
        t.optional("params").ifPresent(p -> c.setParams(p.struct()));
        return c.build();
    }

    private static ReentryCondition await(Tree t) {
        t.mapping("signal", "from", "after", "at", "expression");
        List<String> kinds = List.of("signal", "after", "at", "expression").stream()
                .filter(t::has)
                .toList();
        if (kinds.size() != 1) {
            throw t.error(
                    "give exactly one of signal, after, at or expression" + (kinds.isEmpty() ? "" : ", got " + kinds));
        }
        ReentryCondition.Builder c = ReentryCondition.newBuilder();
        switch (kinds.get(0)) {
            case "signal" -> c.setSignal(t.required("signal").text());
            case "after" -> c.setAfter(Timestamps.toProto(t.required("after").duration()));
            case "at" -> c.setAt(Timestamps.toProto(instant(t.required("at"))));
            default -> c.setExpression(t.required("expression").text());
        }
        Optional<Tree> from = t.optional("from");
        if (from.isPresent()) {
            if (!t.has("signal")) {
                throw from.get().error("'from' only applies to a signal");
            }
            c.addAllSignalFromDomains(from.get().texts());
        }
        return c.build();
    }

    private Context context(Tree t) {
        t.mapping(
                "tenant",
                "ownerDomain",
                "classification",
                "residency",
                "allowedDomains",
                "deadline",
                "maxHops",
                "priority",
                "cycleBudget",
                "labels",
                "trace");
        Context.Builder c = Context.newBuilder();
        t.optional("tenant").ifPresent(v -> c.setTenant(v.text()));
        t.optional("ownerDomain").ifPresent(v -> c.setOwnerDomain(v.text()));
        t.optional("classification").ifPresent(v -> c.setDataClassification(v.text()));
        t.optional("residency").ifPresent(v -> c.addAllResidencyRegions(v.texts()));
        t.optional("allowedDomains").ifPresent(v -> c.addAllAllowedDomains(v.texts()));
        t.optional("deadline").ifPresent(v -> c.setDeadline(Timestamps.toProto(deadline(v))));
        t.optional("maxHops").ifPresent(v -> c.setMaxHops((int) v.integer(0, 10_000)));
        t.optional("priority").ifPresent(v -> c.setPriority((int) v.integer(Integer.MIN_VALUE, Integer.MAX_VALUE)));
        t.optional("cycleBudget").ifPresent(v -> c.setCycleBudget((int) v.integer(0, 100_000_000)));
        t.optional("labels").ifPresent(v -> c.putAllLabels(v.textMap()));
        t.optional("trace").ifPresent(v -> {
            v.mapping("traceparent", "tracestate");
            TraceContext.Builder trace = TraceContext.newBuilder();
            v.optional("traceparent").ifPresent(p -> trace.setTraceparent(p.text()));
            v.optional("tracestate").ifPresent(s -> trace.setTracestate(s.text()));
            c.setTrace(trace);
        });
        return c.build();
    }

    /** An ISO instant ({@code 2026-12-01T09:00:00Z}) or a duration from now ({@code 10m}). */
    private Instant deadline(Tree t) {
        String text = t.text();
        if (Character.isDigit(text.charAt(0)) && text.contains("T")) {
            return instant(t);
        }
        try {
            return inRange(t, clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Durations.parse(text)));
        } catch (IntentFormatException e) {
            throw e;
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw t.error("expected an instant such as 2026-12-01T09:00:00Z or a duration from now such as 10m, got '"
                    + text + "'");
        }
    }

    private static Instant instant(Tree t) {
        String text = t.text();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw t.error(
                    "expected an ISO-8601 instant with an offset, such as 2026-12-01T09:00:00Z, got '" + text + "'");
        }
        return inRange(t, instant);
    }

    // google.protobuf.Timestamp holds years 1 to 9999 only; nodes refuse anything else.
    private static Instant inRange(Tree t, Instant instant) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw t.error("must be between the years 1 and 9999, got " + instant);
        }
        return instant;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse(message).strip();
        return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
    }
}
