package io.mre.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The plugin SPI (policy-spi, on this module's class path) depends on the JDK alone: plugin authors compile against
 * it and nothing else (docs/architecture.md, "The nevers").
 */
@AnalyzeClasses(packages = "io.mre.spi", importOptions = ImportOption.DoNotIncludeTests.class)
class SpiArchitectureTest {
    @ArchTest
    static final ArchRule spi_dependsOnTheJdkOnly = classes()
            .that()
            .resideInAPackage("io.mre.spi..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.mre.spi..")
            .because("a plugin compiles against the SPI alone; the SPI never breaks it (docs/architecture.md)");
}
