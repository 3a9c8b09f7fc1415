package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Reads the YAML file and turns Jackson's failures into one line naming the key. */
final class ConfigLoader {
    // Thread-safe once built, and never reconfigured.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final String name;

    ConfigLoader(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath().normalize();
        this.name = String.valueOf(this.file.getFileName());
    }

    NodeConfig load() {
        byte[] bytes = readFile();
        JsonNode tree;
        try {
            tree = YAML.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + ": " + where(e) + "invalid YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + oneLine(e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(name + ": file is empty");
        }
        RawConfig.Node raw;
        try {
            raw = YAML.treeToValue(tree, RawConfig.Node.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(name + ": unknown key '" + path(e) + "' (known: " + known(e) + ")");
        } catch (MismatchedInputException e) {
            throw new ConfigException(name + ": " + mismatch(e, tree));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + ": " + oneLine(e.getOriginalMessage()), e);
        }
        return new ConfigValidator(name, file.getParent()).validate(raw);
    }

    private byte[] readFile() {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + oneLine(e.getMessage()), e);
        }
    }

    private static String mismatch(MismatchedInputException e, JsonNode tree) {
        String key = path(e);
        String expected = expected(e.getTargetType());
        String got = got(at(tree, e.getPath()));
        if (key.isEmpty()) {
            return "expected " + expected + " at the top level" + got;
        }
        return key + ": expected " + expected + got;
    }

    /** The dotted key of the failure: {@code limits.maxCycle}, {@code peers[2]}, {@code labels.region}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String known(UnrecognizedPropertyException e) {
        Collection<Object> ids = e.getKnownPropertyIds();
        return ids == null ? "" : ids.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return type.getSimpleName();
    }

    /** The node a failure's path points at, to say what was found instead. */
    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : path) {
            node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
        }
        return node;
    }

    private static String got(JsonNode node) {
        if (node.isArray()) {
            return ", got a list";
        }
        if (node.isObject()) {
            return ", got a mapping";
        }
        if (node.isValueNode() && !node.isNull()) {
            return ", got '" + ConfigValues.escape(node.asText()) + "'";
        }
        return "";
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": ";
    }

    /** The first non-blank line of a library's message (SnakeYAML adds an excerpt of the file below it). */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.lines()
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .findFirst()
                .map(ConfigValues::escape)
                .orElse("");
    }
}
