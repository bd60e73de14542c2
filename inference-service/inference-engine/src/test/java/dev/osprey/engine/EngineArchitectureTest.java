package dev.osprey.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is a library (STYLE 1) whose layers import downward only (STYLE 8). */
class EngineArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.osprey.engine");

    @Test
    void importsNoServiceFrameworks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.grpc..", "org.apache.kafka..", "com.google.protobuf..")
                .check(ENGINE);
    }

    @Test
    void tensorKernelsKnowNothingOfModelsForwardPassOrSampling() {
        noClasses().that().resideInAPackage("dev.osprey.engine.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.osprey.engine.model..", "dev.osprey.engine.forward..", "dev.osprey.engine.sampling..",
                        "dev.osprey.engine.generate..")
                .check(ENGINE);
    }

    @Test
    void theForwardPassSeesNoRequestsOrSampling() {
        noClasses().that().resideInAnyPackage("dev.osprey.engine.forward..", "dev.osprey.engine.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.osprey.engine.sampling..", "dev.osprey.engine.generate..", "dev.osprey.tokenizer..",
                        "dev.osprey.engine.kv..", "dev.osprey.engine.serve..")
                .check(ENGINE);
    }

    @Test
    void theKvCacheHandsOutBlocksWithoutKnowingRequestsOrTheScheduler() {
        noClasses().that().resideInAPackage("dev.osprey.engine.kv..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.osprey.engine.serve..", "dev.osprey.engine.sampling..", "dev.osprey.engine.generate..",
                        "dev.osprey.engine.tensor..")
                .check(ENGINE);
    }

    @Test
    void nothingBelowTheServingLayerDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("dev.osprey.engine.serve..")
                .and().resideOutsideOfPackage("dev.osprey.engine.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.osprey.engine.serve..")
                .check(ENGINE);
    }

    @Test
    void kvPagesAreMemoryOnlyAndSeeNothingElseOfTheEngine() {
        noClasses().that().resideInAPackage("dev.osprey.engine.kvpages..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.osprey.engine.tensor..", "dev.osprey.engine.forward..", "dev.osprey.engine.model..",
                        "dev.osprey.engine.kv", "dev.osprey.engine.serve..", "dev.osprey.engine.sampling..")
                .check(ENGINE);
    }
}
