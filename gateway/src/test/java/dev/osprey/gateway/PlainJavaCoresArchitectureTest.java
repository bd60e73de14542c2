package dev.osprey.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's cores are plain Java; Spring lives only in the adapters ({@code web}, {@code config}). */
class PlainJavaCoresArchitectureTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.osprey.gateway");

    @Test
    void coresDoNotDependOnSpring() {
        noClasses().that().resideInAnyPackage("dev.osprey.gateway.openai..", "dev.osprey.gateway.completion..",
                        "dev.osprey.gateway.render..", "dev.osprey.gateway.upstream..", "dev.osprey.gateway.access..",
                        "dev.osprey.gateway.batch")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(GATEWAY);
    }
}
