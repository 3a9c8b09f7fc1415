package io.mre.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.mre.node.federation.DescribedPeers;
import io.mre.node.grpc.NodeServer;
import io.mre.node.metrics.AdminServer;
import io.mre.node.runtime.NodeRuntime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shape of the node's infrastructure, checked by the build (docs/architecture.md, "The nevers"). */
class ArchitectureTest {
    private static final String[] PLAIN_PACKAGES = {
        "io.mre.node.config..",
        "io.mre.node.store..",
        "io.mre.node.federation..",
        "io.mre.node.grpc..",
        "io.mre.node.metrics.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mre.node");
    }

    @Test
    void infrastructurePackages_doNotKnowGuice() {
        noClasses()
                .that()
                .resideInAnyPackage(PLAIN_PACKAGES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .because("wiring lives in io.mre.node's modules; the parts stay usable without an injector")
                .check(classes);
    }

    @Test
    void infrastructurePackages_doNotDependOnTheWiringPackage() {
        noClasses()
                .that()
                .resideInAnyPackage(PLAIN_PACKAGES)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mre.node")
                .check(classes);
    }

    @Test
    void onlyTheCryptoPackage_importsBouncyCastle() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.bouncycastle..")
                .check(classes);
    }

    @Test
    void runtime_knowsNoTransportWiringOrStorageEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.mre.node.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.grpc..",
                        "io.netty..",
                        "com.google.inject..",
                        "jakarta.inject..",
                        "org.rocksdb..",
                        "io.mre.node.grpc..",
                        "io.mre.node.federation..")
                .because("custody rules are tested without sockets; peers are reached through the CustodyTransfer "
                        + "port (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void store_dependsOnNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("io.mre.node.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mre.node.runtime..",
                        "io.mre.node.grpc..",
                        "io.mre.node.federation..",
                        "io.mre.node.plugins..",
                        "io.mre.node.callers..",
                        "io.grpc..")
                .because("the store keeps bytes; what they mean is decided above it (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void config_dependsOnNoOtherPartOfTheNode() {
        noClasses()
                .that()
                .resideInAPackage("io.mre.node.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mre.node",
                        "io.mre.node.runtime..",
                        "io.mre.node.store..",
                        "io.mre.node.grpc..",
                        "io.mre.node.federation..",
                        "io.mre.node.plugins..",
                        "io.mre.node.callers..",
                        "io.mre.node.metrics..",
                        "io.mre.node.lifecycle..",
                        "io.mre.engine..",
                        "io.mre.crypto..",
                        "io.grpc..")
                .because("node.yaml is read and checked before any part exists (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void onlyTheLifecycle_startsTheParts() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(LifecycleModule.class.getName())
                .should()
                .callMethod(NodeServer.class, "start")
                .orShould()
                .callMethod(AdminServer.class, "start")
                .orShould()
                .callMethod(DescribedPeers.class, "start", long.class)
                .orShould()
                .callMethod(NodeRuntime.class, "recover")
                .orShould()
                .callMethod(NodeRuntime.class, "keepTerminatedFor", Duration.class)
                .because("one owner starts the parts in a defined order (LifecycleModule, docs/architecture.md)")
                .check(classes);
    }

    @Test
    void rocksDb_staysInTheStore() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.mre.node.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.rocksdb..")
                .check(classes);
    }
}
