package dev.osprey.context.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.PlanDecision;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.PlanItem;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.tokenizer.Tokenizer;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanInfillRpcTest {
    @TempDir
    Path dir;

    private static PlanInfillRequest.Builder infill(String model) {
        return PlanInfillRequest.newBuilder()
                .setModel(model)
                .setPath("src/Main.java")
                .setPrefix("public class Main {\n    public static void main(String[] args) {\n        int total = ")
                .setSuffix(";\n        System.out.println(total);\n    }\n}\n")
                .setMaxOutputTokens(64);
    }

    private static String prompt(String model, PromptPlan plan) {
        Tokenizer tokenizer = TestModels.vocabulary(model).tokenizer();
        return tokenizer.decode(plan.getTokenIdsList().stream().mapToInt(Integer::intValue).toArray(), true);
    }

    @Test
    void plansAFillInTheMiddlePromptWithTheClientsFilesFirst() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            PromptPlan plan = server.stub().planInfill(infill(TestModels.QWEN3)
                    .setRepositoryName("osprey")
                    .addExtra(RepositoryFile.newBuilder().setPath("src/Util.java")
                            .setContent("final class Util {\n    static int sum(int a, int b) { return a + b; }\n}\n"))
                    .build());

            String prompt = prompt(TestModels.QWEN3, plan);
            assertThat(plan.getTokenIdsCount()).isPositive().isLessThanOrEqualTo(plan.getWindow().getInputBudget());
            assertThat(plan.getWindow().getReason()).contains("INFILL");
            assertThat(plan.getStopIdsCount()).isPositive();
            assertThat(plan.getItemsList()).extracting(PlanItem::getKind)
                    .contains(PlanItemKind.PREFIX, PlanItemKind.SUFFIX, PlanItemKind.SNIPPET);
            assertThat(plan.getItemsList()).filteredOn(i -> i.getKind() == PlanItemKind.SNIPPET).singleElement()
                    .satisfies(i -> {
                        assertThat(i.getLabel()).startsWith("src/Util.java");
                        assertThat(i.getDecision()).isEqualTo(PlanDecision.INCLUDED);
                    });
            assertThat(prompt).contains("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "static int sum",
                    "int total = ");
            assertThat(prompt.indexOf("static int sum")).isLessThan(prompt.indexOf("int total = "));
        }
    }

    @Test
    void plansForAGgufVocabularyToo() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            PromptPlan plan = server.stub().planInfill(infill(TestModels.DEEPSEEK_CODER).build());

            assertThat(plan.getTokenIdsCount()).isLessThanOrEqualTo(plan.getWindow().getInputBudget());
            assertThat(prompt(TestModels.DEEPSEEK_CODER, plan)).contains("int total = ", "System.out.println(total);");
        }
    }

    @Test
    void aModelWithoutFimTokensIsAnInvalidArgument() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            String message = failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(
                    infill(TestModels.GPT2).build()));

            assertThat(message).contains(TestModels.GPT2).contains("fill-in-the-middle");
        }
    }

    @Test
    void invalidRequestsNameTheField() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(
                    infill(TestModels.QWEN3).setMaxOutputTokens(0).build()))).startsWith("max_output_tokens");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(
                    infill(TestModels.QWEN3).addExtra(RepositoryFile.newBuilder().setPath("../secrets.txt")).build())))
                    .startsWith("extra[0].path").contains("escapes");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(
                    infill(TestModels.QWEN3).setPath("/etc/passwd").build()))).startsWith("path");
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().planInfill(infill("starcoder-99").build()));
            failsWith(Status.Code.FAILED_PRECONDITION, () -> server.stub().planInfill(
                    infill(TestModels.QWEN3).setMaxOutputTokens(TestModels.CONTEXT_LENGTH).build()));
        }
    }
}
