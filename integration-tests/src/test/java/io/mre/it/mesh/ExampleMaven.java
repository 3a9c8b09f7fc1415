package io.mre.it.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds {@code examples/plugin-example} with Maven as its author would, without installing anything into
 * {@code ~/.m2}: a throwaway local repository under {@code integration-tests/target/} seeded with this build's own
 * MRE artifacts (the reactor's jars and POMs), every other artifact copied on demand from {@code ~/.m2} (a
 * {@code file:} repository consulted first; Maven Central only for what the machine has never fetched).
 */
public final class ExampleMaven {
    /** This build's modules the example's dependencies need, as {@code directory → artifactId} (POMs: parents). */
    private static final Map<String, String> REACTOR_JARS = Map.of(
            "proto",
            "mre-proto",
            "policy-plugins/policy-spi",
            "policy-spi",
            "policy-plugins/policy-testkit",
            "policy-testkit",
            "node-server/engine",
            "mre-engine");

    private static final Map<String, String> REACTOR_POMS =
            Map.of(".", "mre-parent", "policy-plugins", "policy-plugins", "node-server", "node-server");
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private ExampleMaven() {}

    /** The repository's root (the integration tests run in {@code integration-tests/}). */
    public static Path root() {
        return Path.of(System.getProperty("user.dir"))
                .getParent()
                .toAbsolutePath()
                .normalize();
    }

    /** A fresh seeded local repository and a {@code settings.xml} in {@code dir} that uses it; returns the file. */
    public static Path settings(Path dir) throws IOException {
        Path repo = Path.of("target", "example-repo").toAbsolutePath();
        deleteTree(repo);
        seedReactorArtifacts(repo, root());
        String home = Path.of(System.getProperty("user.home"), ".m2", "repository")
                .toUri()
                .toString();
        return Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>home-m2</id>
                    <repositories><repository><id>home-m2</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
                    <pluginRepositories><pluginRepository><id>home-m2</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>home-m2</activeProfile></activeProfiles>
                </settings>
                """.formatted(repo, home, home));
    }

    /** The seeded repository's copy of the SPI jar (proof that the example resolved this build's SPI). */
    public static Path seededSpiJar() {
        return Path.of("target", "example-repo")
                .toAbsolutePath()
                .resolve("io/mre/policy-spi/" + VERSION + "/policy-spi-" + VERSION + ".jar");
    }

    /** The mvn of the Maven running this build when known, else the one on the PATH. */
    public static String mvnCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /** The example's pom and sources, copied to {@code to} so that the build's target/ stays out of the tree. */
    public static Path copyProject(Path to) throws IOException {
        Path example = root().resolve("examples/plugin-example");
        Files.createDirectories(to);
        Files.copy(example.resolve("pom.xml"), to.resolve("pom.xml"));
        try (Stream<Path> s = Files.walk(example.resolve("src"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(example.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        return to;
    }

    /** Lays out the reactor's artifacts as {@code mvn install} would, in {@code repo} (not ~/.m2). */
    private static void seedReactorArtifacts(Path repo, Path root) throws IOException {
        Map<String, String> all = new HashMap<>(REACTOR_POMS);
        all.putAll(REACTOR_JARS);
        for (Map.Entry<String, String> m : all.entrySet()) {
            Path module = root.resolve(m.getKey()).normalize();
            Path target = Files.createDirectories(
                    repo.resolve("io/mre").resolve(m.getValue()).resolve(VERSION));
            String base = m.getValue() + "-" + VERSION;
            Files.copy(module.resolve("pom.xml"), target.resolve(base + ".pom"));
            if (REACTOR_JARS.containsKey(m.getKey())) {
                Path jar = module.resolve("target").resolve(base + ".jar");
                assertThat(jar)
                        .as("the reactor's jar (built before the integration tests)")
                        .isRegularFile();
                Files.copy(jar, target.resolve(base + ".jar"));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
