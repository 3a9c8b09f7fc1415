package io.mre.cli.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict reader over a parsed YAML/JSON tree that knows where it is, so every error names the key as a path
 * such as {@code steps[1].retry.maxAttempts}.
 */
final class Tree {
    private final JsonNode node;
    private final String path;

    private Tree(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Tree root(JsonNode node) {
        return new Tree(node, "");
    }

    String path() {
        return path.isEmpty() ? "the top level" : path;
    }

    /** Requires a mapping whose keys are all in {@code allowed}. */
    Tree mapping(String... allowed) {
        if (!node.isObject()) {
            throw error("expected a mapping of keys, got " + kind());
        }
        Set<String> known = new LinkedHashSet<>(List.of(allowed));
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IntentFormatException("unknown key '" + name + "' at " + path() + " (expected one of: "
                        + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    Optional<Tree> optional(String key) {
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(new Tree(child, child(key)));
    }

    Tree required(String key) {
        return optional(key).orElseThrow(() -> new IntentFormatException("missing key '" + key + "' at " + path()));
    }

    boolean has(String key) {
        return optional(key).isPresent();
    }

    /** A scalar as text; numbers and booleans give their YAML spelling (quote a version such as "1.10"). */
    String text() {
        if (!node.isValueNode()) {
            throw error("expected a text value, got " + kind());
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw error("must not be empty");
        }
        return text;
    }

    long integer(long min, long max) {
        if (!node.isIntegralNumber()) {
            throw error("expected a whole number, got " + describe());
        }
        long value = node.asLong();
        if (!node.canConvertToLong() || value < min || value > max) {
            throw error("must be between " + min + " and " + max + ", got " + node.asText());
        }
        return value;
    }

    double number() {
        if (!node.isNumber()) {
            throw error("expected a number, got " + describe());
        }
        return node.asDouble();
    }

    Duration duration() {
        try {
            Duration d = Durations.parse(text());
            if (d.isNegative() || d.isZero()) {
                throw error("must be a positive duration, got '" + node.asText() + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** One text value or a list of them. */
    List<String> texts() {
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            for (Tree item : list()) {
                out.add(item.text());
            }
            return List.copyOf(out);
        }
        return List.of(text());
    }

    List<Tree> list() {
        if (!node.isArray()) {
            throw error("expected a list, got " + kind());
        }
        List<Tree> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new Tree(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A mapping of text values, sorted by key. */
    Map<String, String> textMap() {
        if (!node.isObject()) {
            throw error("expected a mapping of keys, got " + kind());
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.put(field.getKey(), new Tree(field.getValue(), child(field.getKey())).text());
        }
        return out;
    }

    /** A mapping of any data, as a protobuf Struct (numbers become doubles, as in JSON). */
    Struct struct() {
        if (!node.isObject()) {
            throw error("expected a mapping of keys, got " + kind());
        }
        return toValue(node).getStructValue();
    }

    IntentFormatException error(String message) {
        return new IntentFormatException(path() + ": " + message);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String kind() {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return describe();
    }

    private String describe() {
        return node.isTextual() ? "'" + node.asText() + "'" : node.isValueNode() ? node.asText() : kind();
    }

    private static Value toValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (n.isObject()) {
            Struct.Builder s = Struct.newBuilder();
            n.fields().forEachRemaining(f -> s.putFields(f.getKey(), toValue(f.getValue())));
            return Value.newBuilder().setStructValue(s).build();
        }
        if (n.isArray()) {
            ListValue.Builder l = ListValue.newBuilder();
            n.forEach(item -> l.addValues(toValue(item)));
            return Value.newBuilder().setListValue(l).build();
        }
        if (n.isBoolean()) {
            return Value.newBuilder().setBoolValue(n.asBoolean()).build();
        }
        if (n.isNumber()) {
            return Value.newBuilder().setNumberValue(n.asDouble()).build();
        }
        return Value.newBuilder().setStringValue(n.asText()).build();
    }
}
