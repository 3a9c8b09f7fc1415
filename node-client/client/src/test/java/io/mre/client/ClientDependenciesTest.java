package io.mre.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java client is for programs that call a node: the protos, the error vocabulary and gRPC, nothing else. Its
 * class path (this test's, which is the client's plus JUnit, AssertJ, ArchUnit and gRPC in-process) holds none of
 * the command line's or the node's libraries, and its code reaches nothing but those packages.
 */
class ClientDependenciesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "picocli.CommandLine", // the command line
                "com.fasterxml.jackson.databind.ObjectMapper", // the command line's JSON/YAML
                "org.bouncycastle.jce.provider.BouncyCastleProvider", // crypto: the engine's, behind io.mre.crypto
                "io.mre.engine.MreException", // the engine
                "io.mre.crypto.SigningKey",
                "io.mre.cli.Main", // the command line
                "io.mre.node.NodeMain" // the node
            })
    void theClientClassPath_holdsNoneOf(String className) {
        assertThat(ClientDependenciesTest.class.getClassLoader().getResource(className.replace('.', '/') + ".class"))
                .as("%s on the client's class path", className)
                .isNull();
    }

    @Test
    void theClientCode_usesOnlyTheProtosTheErrorVocabularyGrpcAndTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.mre.client..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.mre.client..",
                        "io.mre.proto..",
                        "io.mre.errors..",
                        "io.grpc..",
                        "io.netty..",
                        "com.google.protobuf..",
                        "com.google.rpc..",
                        "java..",
                        "javax..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.mre.client"));
    }
}
