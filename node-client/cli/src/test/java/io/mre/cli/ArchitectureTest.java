package io.mre.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape of node-client, checked by the build. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mre.cli", "io.mre.client");

    @Test
    void userFacingReports_holdNoGeneratedProtoTypes() {
        noClasses()
                .that()
                .resideInAPackage("io.mre.cli.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.mre.proto..", "com.google.protobuf..")
                .check(CLASSES);
    }

    @Test
    void clientAndCli_useBouncyCastleOnlyThroughTheCryptoPackage() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.bouncycastle..")
                .check(CLASSES);
    }

    @Test
    void theClientLibrary_doesNotDependOnTheCli() {
        noClasses()
                .that()
                .resideInAPackage("io.mre.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.mre.cli..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void theCli_doesNotLinkTheServer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mre.node..")
                .check(CLASSES);
    }
}
