package dev.osprey.context.server;

import static dev.osprey.context.server.SessionRpcTest.append;
import static dev.osprey.context.server.SessionRpcTest.message;
import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.conversation.SessionKey;
import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.Compaction;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanDecision;
import dev.osprey.api.v1.PlanItem;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.tokenizer.Tokenizer;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanChatRpcTest {
    private static final Tokenizer QWEN = TestModels.vocabulary(TestModels.QWEN3).tokenizer();

    @TempDir
    Path dir;

    /** 40 turns of about 120 tokens each: far more than a 4096-token context holds with 1024 tokens of output. */
    private static void longConversation(InProcessContextServer server, String sessionId) {
        AppendMessagesRequest.Builder request = AppendMessagesRequest.newBuilder().setSessionId(sessionId);
        IntStream.range(0, 40).forEach(i -> request.addMessages(message(i % 2 == 0 ? "user" : "assistant",
                "turn " + i + ": " + "the parser keeps its lexer state between calls ".repeat(12))));
        server.stub().appendMessages(request.build());
    }

    private static PlanChatRequest.Builder plan(String latest) {
        return PlanChatRequest.newBuilder().addMessages(message("user", latest)).setMaxOutputTokens(1024);
    }

    private static String prompt(PromptPlan plan) {
        return QWEN.decode(plan.getTokenIdsList().stream().mapToInt(Integer::intValue).toArray(), true);
    }

    @Test
    void aShortConversationIsSentWholeWithProvenance() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            PromptPlan plan = server.stub().planChat(PlanChatRequest.newBuilder()
                    .setSystemPrompt("You are a code assistant.")
                    .addMessages(message("user", "What is a lexer?"))
                    .addMessages(message("assistant", "It splits text into tokens."))
                    .addMessages(message("user", "And a parser?"))
                    .setMaxOutputTokens(256)
                    .build());

            String prompt = prompt(plan);
            assertThat(plan.getCompaction()).isEqualTo(Compaction.NONE);
            assertThat(plan.getItemsList()).allMatch(i -> i.getDecision() == PlanDecision.INCLUDED);
            assertThat(plan.getItemsList()).extracting(PlanItem::getKind).contains(PlanItemKind.LATEST_MESSAGE,
                    PlanItemKind.SYSTEM_PROMPT, PlanItemKind.HISTORY_TURN);
            assertThat(plan.getWindow().getOutputTokens()).isEqualTo(256);
            assertThat(plan.getWindow().getReason()).contains("CHAT");
            assertThat(plan.getTokenIdsCount()).isLessThanOrEqualTo(plan.getWindow().getInputBudget());
            assertThat(prompt).contains("You are a code assistant.", "What is a lexer?", "It splits text into tokens.");
            assertThat(prompt.indexOf("What is a lexer?")).isLessThan(prompt.indexOf("And a parser?"));
        }
    }

    @Test
    void aLongSessionStaysWithinTheBudgetAndIsCompactedExtractivelyWithoutInference() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            longConversation(server, "long");

            PromptPlan plan = server.stub().planChat(plan("So what do we change first?").setSessionId("long").build());

            assertThat(plan.getWindow().getTotalTokens()).isLessThanOrEqualTo(TestModels.CONTEXT_LENGTH);
            assertThat(plan.getTokenIdsCount()).isPositive().isLessThanOrEqualTo(plan.getWindow().getInputBudget());
            assertThat(plan.getCompaction()).isEqualTo(Compaction.EXTRACTIVE);
            assertThat(plan.getItemsList()).anySatisfy(i -> {
                assertThat(i.getKind()).isEqualTo(PlanItemKind.HISTORY_TURN);
                assertThat(i.getDecision()).isEqualTo(PlanDecision.DROPPED);
                assertThat(i.getReason()).isNotBlank();
            });
            assertThat(plan.getItemsList()).anySatisfy(i -> {
                assertThat(i.getKind()).isEqualTo(PlanItemKind.SUMMARY);
                assertThat(i.getDecision()).isEqualTo(PlanDecision.INCLUDED);
            });
            assertThat(plan.getItemsList()).filteredOn(i -> i.getKind() == PlanItemKind.LATEST_MESSAGE).singleElement()
                    .satisfies(i -> assertThat(i.getDecision()).isEqualTo(PlanDecision.INCLUDED));
            assertThat(prompt(plan)).contains("turn 39:", "So what do we change first?");
            assertThat(server.store().latestSummary(new SessionKey("", "long"))).as("extractive summaries are not cached").isEmpty();
        }
    }

    @Test
    void withInferenceOlderTurnsAreSummarisedOnceAcrossIdenticalPlans() throws Exception {
        try (FakeInference inference = new FakeInference();
             InProcessContextServer server = InProcessContextServer.withInference(dir, inference.channel())) {
            longConversation(server, "long");
            PlanChatRequest request = plan("So what do we change first?").setSessionId("long").build();

            PromptPlan first = server.stub().planChat(request);
            PromptPlan second = server.stub().planChat(request);

            assertThat(inference.requests).hasSize(1);
            assertThat(inference.requests.getFirst().getTemperature()).isZero();
            assertThat(inference.requests.getFirst().getTokenIds().getIdsCount()).isPositive();
            assertThat(first.getCompaction()).isEqualTo(Compaction.MODEL_SUMMARY);
            assertThat(second.getCompaction()).isEqualTo(Compaction.MODEL_SUMMARY);
            assertThat(second.getTokenIdsList()).isEqualTo(first.getTokenIdsList());
            assertThat(prompt(first)).contains(FakeInference.SUMMARY);
            assertThat(first.getTokenIdsCount()).isLessThanOrEqualTo(first.getWindow().getInputBudget());
            assertThat(server.store().latestSummary(new SessionKey("", "long"))).hasValueSatisfying(s ->
                    assertThat(s.text()).isEqualTo(FakeInference.SUMMARY));
        }
    }

    @Test
    void aFailingInferenceServiceFallsBackToExtraction() throws Exception {
        try (FakeInference inference = new FakeInference();
             InProcessContextServer server = InProcessContextServer.withInference(dir, inference.channel())) {
            inference.failing.set(true);
            longConversation(server, "long");

            PromptPlan plan = server.stub().planChat(plan("So what do we change first?").setSessionId("long").build());

            assertThat(inference.requests).hasSize(1);
            assertThat(plan.getCompaction()).isEqualTo(Compaction.EXTRACTIVE);
        }
    }

    @Test
    void thePlanDoesNotChangeTheSession() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            server.stub().appendMessages(append("s", message("user", "hi"), message("assistant", "hello")));

            PromptPlan plan = server.stub().planChat(plan("next question").setSessionId("s").build());

            assertThat(prompt(plan)).contains("hi", "hello", "next question");
            assertThat(server.store().get(new SessionKey("", "s")).messageCount()).isEqualTo(2);
        }
    }

    @Test
    void aLatestMessageThatCannotFitIsAFailedPrecondition() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            String message = failsWith(Status.Code.FAILED_PRECONDITION, () -> server.stub().planChat(
                    plan("please review ".repeat(4000)).build()));

            assertThat(message).contains(String.valueOf(TestModels.CONTEXT_LENGTH));
        }
    }

    @Test
    void invalidRequestsNameTheField() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planChat(
                    PlanChatRequest.newBuilder().setMaxOutputTokens(16).build()))).startsWith("messages");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planChat(plan("hi")
                    .addMessages(message("assistant", "hello")).build()))).startsWith("messages[1].role");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planChat(plan("hi")
                    .setMaxOutputTokens(0).build()))).startsWith("max_output_tokens");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planChat(plan("hi")
                    .setRetrieveK(-1).build()))).startsWith("retrieve_k");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planChat(plan("hi")
                    .setRepositoryId("../etc").build()))).startsWith("repository_id");
        }
    }

    @Test
    void unknownModelSessionOrMissingModelsAreNotFound() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.NOT_FOUND, () -> server.stub().planChat(plan("hi").setModel("gpt-9").build())))
                    .contains("gpt-9");
            assertThat(failsWith(Status.Code.NOT_FOUND, () -> server.stub().planChat(plan("hi").setSessionId("nope").build())))
                    .contains("nope");
        }
        try (InProcessContextServer empty = InProcessContextServer.withoutModels(dir.resolve("empty"))) {
            assertThat(failsWith(Status.Code.NOT_FOUND, () -> empty.stub().planChat(plan("hi").setModel("qwen3").build())))
                    .contains("qwen3").contains("osprey.context.models");
        }
    }

    @Test
    void retrievalFromARepositoryNeverIndexedIsNotFound() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.NOT_FOUND, () -> server.stub().planChat(plan("hi")
                    .setRepositoryId("osprey").build()))).contains("unknown repository 'osprey'");
        }
    }
}
