package io.mre.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shape of the node's infrastructure, checked by the build. */
class ArchitectureTest {
    private static final String[] PLAIN_PACKAGES = {"io.mre.node.config..", "io.mre.node.store..",
            "io.mre.node.federation..", "io.mre.node.grpc..", "io.mre.node.metrics.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mre.node");
    }

    @Test
    void infrastructurePackages_doNotKnowGuice() {
        noClasses().that().resideInAnyPackage(PLAIN_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .because("wiring lives in io.mre.node's modules; the parts stay usable without an injector")
                .check(classes);
    }

    @Test
    void infrastructurePackages_doNotDependOnTheWiringPackage() {
        noClasses().that().resideInAnyPackage(PLAIN_PACKAGES)
                .should().dependOnClassesThat().resideInAPackage("io.mre.node")
                .check(classes);
    }

    @Test
    void onlyTheCryptoPackage_importsBouncyCastle() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.bouncycastle..").check(classes);
    }

    @Test
    void rocksDb_staysInTheStore() {
        noClasses().that().resideOutsideOfPackage("io.mre.node.store..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .check(classes);
    }
}
