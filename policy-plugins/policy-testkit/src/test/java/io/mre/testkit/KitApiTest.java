package io.mre.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit's public API is built from SPI types, its own value types, the JDK and AssertJ/JUnit — never from the
 * engine's internals, so an engine refactor cannot break a plugin author's tests. (Left for later, listed here so
 * the list can only shrink: the signed object, its entries and a few enums as protobuf messages, the test PKI's
 * keys, and the engine itself for authors who want it — {@code engine()}, {@code explain}, {@code withSettings}.)
 */
class KitApiTest {
    /** Engine and protobuf types the kit still shows, on purpose (see above). No engine internal may join them. */
    private static final Set<String> STILL_SHOWN = Set.of(
            "io.mre.engine.Engine",
            "io.mre.engine.Explanation",
            "io.mre.engine.EngineSettings",
            "io.mre.engine.verify.VerifierSettings",
            "io.mre.proto.v1.ExecutableObject",
            "io.mre.proto.v1.Entry",
            "io.mre.proto.v1.Intent",
            "io.mre.proto.v1.Verdict",
            "io.mre.proto.v1.TerminalStatus",
            "io.mre.proto.v1.Context",
            "io.mre.proto.v1.FailureMode",
            "io.mre.crypto.CertificateAuthority",
            "io.mre.crypto.SigningKey",
            "io.mre.crypto.TrustBundle");

    @Test
    void publicApi_usesSpiAndKitTypesOnly() throws Exception {
        Set<String> offending = new TreeSet<>();
        for (Class<?> c : kitClasses()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            List<Type> types = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    signature(m, types);
                    types.add(m.getGenericReturnType());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers())) {
                    signature(k, types);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    types.add(f.getGenericType());
                }
            }
            if (c.isRecord()) {
                for (RecordComponent r : c.getRecordComponents()) {
                    types.add(r.getGenericType());
                }
            }
            types.add(c.getGenericSuperclass());
            types.addAll(List.of(c.getGenericInterfaces()));
            for (Type t : types) {
                raw(t).stream().filter(n -> !allowed(n)).forEach(n -> offending.add(c.getSimpleName() + " -> " + n));
            }
        }

        assertThat(offending).as("engine internals in the kit's public API").isEmpty();
    }

    private static boolean allowed(String type) {
        return type.startsWith("java.")
                || type.startsWith("io.mre.spi.")
                || type.startsWith("io.mre.testkit.")
                || type.startsWith("org.assertj.")
                || type.startsWith("org.junit.")
                || STILL_SHOWN.contains(type)
                || !type.contains("."); // primitives, type variables
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void signature(Executable e, List<Type> into) {
        into.addAll(List.of(e.getGenericParameterTypes()));
        into.addAll(List.of(e.getGenericExceptionTypes()));
    }

    private static Set<String> raw(Type t) {
        Set<String> names = new TreeSet<>();
        if (t == null) {
            return names;
        }
        if (t instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            names.add(base.getName().replace('$', '.'));
        } else if (t instanceof ParameterizedType p) {
            names.addAll(raw(p.getRawType()));
            for (Type a : p.getActualTypeArguments()) {
                names.addAll(raw(a));
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                names.addAll(raw(b));
            }
            for (Type b : w.getLowerBounds()) {
                names.addAll(raw(b));
            }
        } else if (t instanceof java.lang.reflect.GenericArrayType g) {
            names.addAll(raw(g.getGenericComponentType()));
        }
        return names;
    }

    /** Every class of the kit's main code (not its tests). */
    private static List<Class<?>> kitClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(PolicyHarness.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/mre/testkit"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, KitApiTest.class.getClassLoader()));
            }
        }
        assertThat(classes).as("kit classes found").hasSizeGreaterThan(20);
        return classes;
    }
}
