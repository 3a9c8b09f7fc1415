package io.mre.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is plain Java that a client can embed: no transport, no wiring, no storage; crypto stays in one place. */
@AnalyzeClasses(
        packages = {"io.mre.engine", "io.mre.crypto"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {
    @ArchTest
    static final ArchRule engine_importsNoGrpcGuiceOrRocksDb = noClasses()
            .that()
            .resideInAPackage("io.mre.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.grpc..", "com.google.inject..", "org.rocksdb..")
            .because("the engine is embedded by clients and tested in microseconds (docs/architecture.md)");

    @ArchTest
    static final ArchRule engine_dependsOnNoNodeClientOrCli = noClasses()
            .that()
            .resideInAPackage("io.mre.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.mre.node..", "io.mre.client..", "io.mre.cli..", "io.mre.plugins..")
            .because("the engine is the layer below the node, the client and the plugins (docs/architecture.md)");

    @ArchTest
    static final ArchRule onlyCrypto_importsBouncyCastle = noClasses()
            .that()
            .resideOutsideOfPackage("io.mre.crypto..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.bouncycastle..")
            .because("io.mre.crypto is the only place that imports Bouncy Castle (docs/architecture.md)");

    @ArchTest
    static final ArchRule crypto_dependsOnNoEngineCode = noClasses()
            .that()
            .resideInAPackage("io.mre.crypto..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.mre.engine..")
            .because("crypto is the layer below the engine");
}
