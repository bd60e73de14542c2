package dev.osprey.context;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The context core is a library (STYLE 1) whose layers import downward only (STYLE 8). */
class ContextArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.osprey.context");

    @Test
    void importsNoServiceFrameworks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.grpc..", "org.apache.kafka..", "com.google.protobuf..",
                        "dev.osprey.api..")
                .check(CORE);
    }

    @Test
    void windowsKnowNothingOfPlansCompactionOrStorage() {
        noClasses().that().resideInAPackage("dev.osprey.context.window..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.osprey.context.plan..",
                        "dev.osprey.context.compaction..", "dev.osprey.context.session..")
                .check(CORE);
    }

    @Test
    void sessionsAreStorageOnly() {
        noClasses().that().resideInAPackage("dev.osprey.context.session..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.osprey.context.plan..",
                        "dev.osprey.context.compaction..", "dev.osprey.context.window..")
                .check(CORE);
    }

    @Test
    void compactionSitsBelowPlanning() {
        noClasses().that().resideInAPackage("dev.osprey.context.compaction..")
                .should().dependOnClassesThat().resideInAPackage("dev.osprey.context.plan..")
                .check(CORE);
    }

    @Test
    void compactionDoesNotReachIntoStorage() {
        noClasses().that().resideInAPackage("dev.osprey.context.compaction..")
                .should().dependOnClassesThat().resideInAPackage("dev.osprey.context.session..")
                .check(CORE);
    }

    @Test
    void symbolsSitBelowIndexRetrievalAndPlanning() {
        noClasses().that().resideInAPackage("dev.osprey.context.symbol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.osprey.context.index..",
                        "dev.osprey.context.retrieval..", "dev.osprey.context.plan..")
                .check(CORE);
    }

    @Test
    void retrievalKnowsNothingOfPlans() {
        noClasses().that().resideInAPackage("dev.osprey.context.retrieval..")
                .should().dependOnClassesThat().resideInAPackage("dev.osprey.context.plan..")
                .check(CORE);
    }
}
