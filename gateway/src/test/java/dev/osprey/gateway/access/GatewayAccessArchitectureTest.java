package dev.osprey.gateway.access;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The access layer is plain Java (STYLE 1): the WebFlux and gRPC adapters come on top of it. */
class GatewayAccessArchitectureTest {
    private static final JavaClasses ACCESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.osprey.gateway.access");

    @Test
    void importsNoServiceFrameworks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "reactor..", "io.grpc..", "org.apache.kafka..",
                        "com.google.protobuf..", "dev.osprey.api..", "com.fasterxml.jackson..", "tools.jackson..")
                .check(ACCESS);
    }
}
