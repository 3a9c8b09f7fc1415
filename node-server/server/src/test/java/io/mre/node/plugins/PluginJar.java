package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.spi.MrePlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A plugin built at test time, as an author's build would make it: Java sources compiled with the JDK's compiler
 * against the SPI only (the node's other classes are not on its class path), a {@code META-INF/services} file and
 * any raw entries, packed into a jar (or left as an exploded folder). Immutable.
 */
record PluginJar(Map<String, String> sources, List<String> services, Map<String, byte[]> entries, Set<String> omitted) {
    private static final String SERVICES = "META-INF/services/" + MrePlugin.class.getName();

    PluginJar {
        sources = Map.copyOf(sources);
        services = List.copyOf(services);
        entries = Map.copyOf(entries);
        omitted = Set.copyOf(omitted);
    }

    static PluginJar empty() {
        return new PluginJar(Map.of(), List.of(), Map.of(), Set.of());
    }

    /** Adds the class {@code className} with this source. */
    PluginJar source(String className, String code) {
        Map<String, String> m = new LinkedHashMap<>(sources);
        m.put(className, code);
        return new PluginJar(m, services, entries, omitted);
    }

    /** Lists {@code className} in the jar's {@code META-INF/services/io.mre.spi.MrePlugin}. */
    PluginJar service(String className) {
        List<String> s = new ArrayList<>(services);
        s.add(className);
        return new PluginJar(sources, s, entries, omitted);
    }

    /** Adds a raw entry, e.g. a class file copied from elsewhere. */
    PluginJar entry(String path, byte[] bytes) {
        Map<String, byte[]> m = new LinkedHashMap<>(entries);
        m.put(path, bytes);
        return new PluginJar(sources, services, m, omitted);
    }

    /** Leaves the compiled class {@code className} out of the jar, as a build that forgot a dependency would. */
    PluginJar omit(String className) {
        Set<String> m = new java.util.HashSet<>(omitted);
        m.add(className.replace('.', '/') + ".class");
        return new PluginJar(sources, services, entries, m);
    }

    /** Compiles into {@code buildDir} and writes the jar {@code jar}. */
    Path writeJar(Path jar, Path buildDir) {
        Path classes = compile(buildDir.resolve(jar.getFileName() + ".classes"), buildDir);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out, manifest());
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (!omitted.contains(name)) {
                    put(jos, name, Files.readAllBytes(f));
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles (sources kept in {@code buildDir}) into {@code folder}: an exploded plugin, as the node accepts. */
    Path writeFolder(Path folder, Path buildDir) {
        return compile(folder, buildDir);
    }

    private Path compile(Path out, Path buildDir) {
        try {
            Files.createDirectories(out);
            if (!sources.isEmpty()) {
                Files.createDirectories(buildDir);
                Path src = Files.createTempDirectory(buildDir, "src");
                List<Path> files = new ArrayList<>();
                for (Map.Entry<String, String> s : sources.entrySet()) {
                    Path f = src.resolve(s.getKey().replace('.', '/') + ".java");
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, s.getValue());
                    files.add(f);
                }
                javac(files, out);
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                Path f = out.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            if (!services.isEmpty()) {
                Path f = out.resolve(SERVICES);
                Files.createDirectories(f.getParent());
                Files.writeString(f, String.join("\n", services) + "\n");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void javac(List<Path> files, Path out) throws IOException {
        JavaCompiler javac = requireNonNull(ToolProvider.getSystemJavaCompiler(), "the tests need a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "--release", "21", "-proc:none", "-classpath", spiLocation().toString(), "-d", out.toString());
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
                    .call();
            if (!ok) {
                throw new IllegalStateException("test plugin does not compile: " + diagnostics.getDiagnostics());
            }
        }
    }

    /** The SPI's jar or classes folder, as the test class path has it: all a plugin is compiled against. */
    static Path spiLocation() {
        try {
            return Path.of(MrePlugin.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    private static void put(JarOutputStream jos, String name, byte[] bytes) throws IOException {
        jos.putNextEntry(new JarEntry(name));
        jos.write(bytes);
        jos.closeEntry();
    }

    // ---- sources of typical test plugins

    /**
     * A plugin {@code pkg.TestPlugin} named {@code plugin}, reporting SPI version {@code version} (a Java expression)
     * and contributing one policy named {@code policy}: its factory runs {@code createBody} (which sees
     * {@code settings}), its {@code evaluate} runs {@code evaluateBody} (which sees {@code evaluation}).
     */
    static String policyPlugin(
            String pkg, String plugin, String version, String policy, String createBody, String evaluateBody) {
        return """
                package %1$s;

                import io.mre.spi.*;
                import java.util.List;

                public final class TestPlugin implements MrePlugin {
                    public String name() { return "%2$s"; }
                    public int spiVersion() { return %3$s; }
                    public List<PolicyFactory> policies() {
                        return List.of(new PolicyFactory() {
                            public String name() { return "%4$s"; }
                            public Policy create(PluginSettings settings) {
                                %5$s
                                return new Policy() {
                                    public String name() { return "%4$s"; }
                                    public Verdict evaluate(Evaluation evaluation) { %6$s }
                                };
                            }
                        });
                    }
                }
                """.formatted(pkg, plugin, version, policy, createBody, evaluateBody);
    }

    /** A jar holding only {@link #policyPlugin} and its services line. */
    static PluginJar ofPolicy(
            String pkg, String plugin, String version, String policy, String createBody, String evaluateBody) {
        return empty().source(pkg + ".TestPlugin", policyPlugin(pkg, plugin, version, policy, createBody, evaluateBody))
                .service(pkg + ".TestPlugin");
    }
}
