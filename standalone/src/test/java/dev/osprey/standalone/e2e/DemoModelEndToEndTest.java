package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.osprey.api.v1.CompleteRequest;
import dev.osprey.api.v1.CompletionResponse;
import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.SamplingOptions;
import dev.osprey.standalone.model.BundledModel;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default end to end with the bundled demo model (stories260K, no FIM tokens): every
 * service in one JVM on free ports, driven by the official OpenAI Java SDK and by raw HTTP.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModelEndToEndTest {
    static final String BOB = "sk-bob-0123456789abcdef";
    static final String ALICE = "sk-alice-0123456789abcdef";
    /** The model's documented greedy story (../shared/reference/models/stories260K.md). */
    static final String GREEDY_STORY = ", there was a little girl named Lily. She loved to play outside in the park.";

    @TempDir
    static Path home;
    RunningStack osprey;
    OpenAIClient openai;
    final JsonMapper json = JsonMapper.builder().build();
    String model;

    @BeforeAll
    void start() {
        Path file = new BundledModel(home.resolve("models")).extract();
        osprey = RunningStack.start(file, home, true, Map.of(
                "osprey.gateway.api-keys[0].name", "bob",
                "osprey.gateway.api-keys[0].key", BOB,
                "osprey.gateway.api-keys[1].name", "alice",
                "osprey.gateway.api-keys[1].key", ALICE,
                "osprey.gateway.api-keys[1].rpm", "2",
                "osprey.gateway.max-body-size", "64KB"));
        model = osprey.stack.modelName();
        openai = OpenAIOkHttpClient.builder().baseUrl(osprey.base()).apiKey(BOB).maxRetries(0).build();
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    // ---- the OpenAI SDK ----

    @Test
    void sdkCompletionIsTheModelsGreedyStory() {
        Completion completion = openai.completions().create(CompletionCreateParams.builder()
                .model(model).prompt("Once upon a time").maxTokens(20).temperature(0.0).build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().text()).startsWith(", there was a little girl named Lily");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(20);
        assertThat(completion.model()).isEqualTo(model);
    }

    @Test
    void sdkChatStreamsChunksThenUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Tell me a story.").maxCompletionTokens(12).temperature(0.0)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder text = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        long[] usage = {-1};
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> {
                    c.delta().content().ifPresent(text::append);
                    c.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                });
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertThat(finishReasons).containsExactly("length");
        assertThat(usage[0]).isEqualTo(12);
        assertThat(text).isNotEmpty();

        ChatCompletion whole = openai.chat().completions().create(params.toBuilder().streamOptions(java.util.Optional.empty()).build());
        assertThat(whole.choices().getFirst().message().content().orElseThrow()).isEqualTo(text.toString());
    }

    @Test
    void sdkSeesUnknownModelAndBadKeyAsTheirErrors() {
        try {
            openai.completions().create(CompletionCreateParams.builder().model("gpt-4o").prompt("x").build());
            throw new AssertionError("expected a 404");
        } catch (NotFoundException e) {
            assertThat(e.statusCode()).isEqualTo(404);
        }
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(osprey.base()).apiKey("sk-nope-000000000000").maxRetries(0).build();
        try {
            wrongKey.models().list();
            throw new AssertionError("expected a 401");
        } catch (UnauthorizedException e) {
            assertThat(e.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void logprobsEchoAndSeveralChoices() throws Exception {
        JsonNode completion = json.readTree(osprey.post("/v1/completions", "{\"prompt\":\"Once upon a time\","
                + "\"max_tokens\":5,\"temperature\":0,\"logprobs\":2,\"echo\":true,\"n\":2}", BOB).body());
        JsonNode choices = completion.get("choices");
        assertThat(choices).hasSize(2);
        for (JsonNode choice : choices) {
            assertThat(choice.get("text").stringValue()).startsWith("Once upon a time, there was");
            JsonNode logprobs = choice.get("logprobs");
            assertThat(logprobs.get("tokens")).hasSize(5);
            assertThat(logprobs.get("token_logprobs").get(0).doubleValue()).isNegative();
            assertThat(logprobs.get("top_logprobs").get(0).size()).isEqualTo(2);
            assertThat(logprobs.get("text_offset").get(0).intValue()).isEqualTo("Once upon a time".length());
        }
        assertThat(completion.get("usage").get("completion_tokens").intValue()).isEqualTo(10);

        JsonNode chat = json.readTree(osprey.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"max_tokens\":3,\"logprobs\":true,\"top_logprobs\":3}", BOB).body());
        JsonNode content = chat.get("choices").get(0).get("logprobs").get("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).get("top_logprobs")).hasSize(3);
        assertThat(content.get(0).get("bytes").size()).isPositive();
    }

    @Test
    void publicGrpcCompletionsServesTheSameModelWithTheSameKeys() throws Exception {
        ManagedChannel channel = LocalGrpc.channel(osprey.stack.grpcPort());
        try {
            LocalGrpc.assertServing(channel, "osprey.v1.Completions");
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + BOB);
            var stub = CompletionsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            CompletionResponse response = stub.complete(CompleteRequest.newBuilder().setText("Once upon a time")
                    .setSampling(SamplingOptions.newBuilder().setMaxTokens(20).setTemperature(0)).build());
            assertThat(response.getChoices(0).getText()).startsWith(", there was a little girl named Lily");
            assertThat(response.getUsage().getCompletionTokens()).isEqualTo(20);
            StatusRuntimeException anonymous = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> CompletionsGrpc.newBlockingStub(channel).complete(CompleteRequest.newBuilder().setText("x").build()));
            assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        } finally {
            LocalGrpc.close(channel);
        }
    }

    // ---- SSE framing, raw ----

    @Test
    void streamIsFramedExactlyAsOpenAiFramesIt() throws Exception {
        HttpResponse<String> response = osprey.post("/v1/completions",
                "{\"prompt\":\"Once upon a time\",\"max_tokens\":6,\"temperature\":0,\"stream\":true}", BOB);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        String body = response.body();
        assertThat(body).endsWith("data: [DONE]\n\n");
        String[] events = body.split("\n\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.length - 1; i++) {
            assertThat(events[i]).startsWith("data: {").doesNotContain("\n");
            JsonNode chunk = json.readTree(events[i].substring("data: ".length()));
            assertThat(chunk.get("object").stringValue()).isEqualTo("text_completion");
            text.append(chunk.get("choices").get(0).get("text").stringValue());
        }
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        assertThat(GREEDY_STORY).startsWith(text.toString());
    }

    // ---- errors ----

    @Test
    void malformedInputGetsOpenAiErrorsWithTheRightStatus() throws Exception {
        assertError(osprey.post("/v1/chat/completions", "{\"messages\": [", BOB), 400, null, "invalid_json");
        assertError(osprey.post("/v1/chat/completions", "", BOB), 400, null, "invalid_json");
        assertError(osprey.post("/v1/chat/completions", "[1,2]", BOB), 400, null, "invalid_type");
        assertError(osprey.post("/v1/chat/completions", "{\"model\":\"" + model + "\"}", BOB), 400, "messages",
                "missing_required_parameter");
        assertError(osprey.post("/v1/chat/completions", "{\"messages\":[]}", BOB), 400, "messages", "empty_array");
        assertError(osprey.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"ten\"}", BOB),
                400, "max_tokens", "invalid_type");
        assertError(osprey.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", BOB),
                400, "messages[0].role", "invalid_value");
        assertError(osprey.post("/v1/completions", "{\"prompt\":\"x\",\"top_p\":1.5}", BOB), 400, "top_p", "invalid_value");
        assertError(osprey.post("/v1/completions", "{\"prompt\":\"x\",\"n\":0}", BOB), 400, "n", "invalid_value");
        assertError(osprey.post("/v1/completions", "{\"prompt\":\"x\",\"model\":\"llama-70b\"}", BOB), 404, "model",
                "model_not_found");
        assertError(osprey.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":4000}", BOB), 400, "prompt",
                "context_length_exceeded");
        String huge = "{\"prompt\":\"" + "a".repeat(70_000) + "\"}";
        assertError(osprey.post("/v1/completions", huge, BOB), 413, null, "request_too_large");
        assertError(osprey.get("/v1/nothing-here", BOB), 404, null, "unknown_url");
    }

    @Test
    void demoModelWithoutFimTokensRefusesSuffixAndInfill() throws Exception {
        HttpResponse<String> suffix = osprey.post("/v1/completions", "{\"prompt\":\"def f(\",\"suffix\":\"\\n\"}", BOB);
        assertError(suffix, 400, "suffix", "fim_not_supported");
        assertThat(suffix.body()).contains("no fill-in-the-middle tokens");
        assertError(osprey.post("/v1/infill", "{\"input_prefix\":\"def f(\",\"input_suffix\":\"\\n\"}", BOB), 400,
                "input_suffix", "fim_not_supported");
        JsonNode models = json.readTree(osprey.get("/v1/models", BOB).body());
        assertThat(models.get("data").get(0).get("fim").get("supported").booleanValue()).isFalse();
        assertThat(models.get("data").get(0).get("chat_template").stringValue()).isEqualTo("default:chatml");
    }

    // ---- access ----

    @Test
    void authFailuresAre401sThatSayWhy() throws Exception {
        HttpResponse<String> missing = osprey.get("/v1/models", null);
        assertError(missing, 401, null, "invalid_api_key");
        assertThat(missing.body()).contains("didn't provide an API key");
        HttpResponse<String> wrong = osprey.get("/v1/models", "sk-wrong-key-123456789");
        assertError(wrong, 401, null, "invalid_api_key");
        assertThat(wrong.body()).doesNotContain("sk-wrong-key-123456789");
        assertThat(osprey.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsPerMinuteLimitAnswers429WithRetryAfterAndHeaders() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            responses.add(osprey.get("/v1/models", ALICE));
        }
        assertThat(responses.get(0).statusCode()).isEqualTo(200);
        assertThat(responses.get(0).headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        HttpResponse<String> refused = responses.get(2);
        assertError(refused, 429, null, "rate_limit_exceeded");
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    }

    // ---- cancellation ----

    @Test
    void clientDisconnectMidStreamFreesTheKvBlocks() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(osprey.root() + "/v1/completions"))
                .header("Authorization", "Bearer " + BOB)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"prompt\":\"Once upon a time\",\"max_tokens\":1900,\"ignore_eos\":true,\"stream\":true}"))
                .build();
        HttpResponse<InputStream> response = osprey.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int events = 0;
            while (events < 20) {
                String line = reader.readLine();
                if (line != null && line.startsWith("data: ")) {
                    events++;
                }
            }
            assertThat(osprey.metric("osprey_kv_blocks_used")).isGreaterThan(0);
        } // closing the body drops the connection mid-stream
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double used;
        do {
            Thread.sleep(100);
            used = osprey.metric("osprey_kv_blocks_used");
        } while (used > 0 && System.nanoTime() < deadline);
        assertThat(used).as("KV blocks still used after the client went away").isZero();
    }

    // ---- sessions, repositories, tokenize ----

    @Test
    void sessionKeepsTheHistoryServerSide() throws Exception {
        String session = "e2e-session-1";
        for (String turn : List.of("Hello there.", "And then?")) {
            HttpResponse<String> r = osprey.post("/v1/chat/completions", "{\"session_id\":\"" + session
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + turn + "\"}],\"max_tokens\":4}", BOB);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("session_id").stringValue()).isEqualTo(session);
        }
        JsonNode stored = json.readTree(osprey.get("/v1/sessions/" + session, BOB).body());
        assertThat(stored.get("messages")).hasSize(4);
        assertThat(stored.get("messages").get(2).get("content").stringValue()).isEqualTo("And then?");
        assertThat(stored.get("messages").get(3).get("role").stringValue()).isEqualTo("assistant");
        assertThat(osprey.delete("/v1/sessions/" + session, BOB).statusCode()).isEqualTo(200);
        assertError(osprey.get("/v1/sessions/" + session, BOB), 404, "id", "session_not_found");
    }

    @Test
    void repositoryIsIndexedThenSearchable() throws Exception {
        String files = "{\"name\":\"e2e-repo\",\"files\":[{\"path\":\"src/Greeter.java\",\"content\":\"class Greeter {\\n  String greetUser(String name) {\\n    return \\\"Hello \\\" + name;\\n  }\\n}\\n\"},"
                + "{\"path\":\"util/math.py\",\"content\":\"def add_numbers(a, b):\\n    return a + b\\n\"}]}";
        HttpResponse<String> created = osprey.post("/v1/repositories", files, BOB);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode status;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            Thread.sleep(100);
            status = json.readTree(osprey.get("/v1/repositories/e2e-repo", BOB).body());
        } while ("indexing".equals(status.get("status").stringValue()) && System.nanoTime() < deadline);
        assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("ready");
        assertThat(status.get("files").intValue()).isEqualTo(2);
        JsonNode hits = json.readTree(osprey.post("/v1/repositories/e2e-repo/search",
                "{\"query\":\"greet_user\",\"k\":3}", BOB).body());
        JsonNode first = hits.get("data").get(0);
        assertThat(first.get("path").stringValue()).isEqualTo("src/Greeter.java");
        assertThat(first.get("symbol").stringValue()).contains("greetUser");
        assertThat(first.get("start_line").intValue()).isPositive();
        assertThat(osprey.delete("/v1/repositories/e2e-repo", BOB).statusCode()).isEqualTo(200);
        assertError(osprey.get("/v1/repositories/e2e-repo", BOB), 404, "id", "repository_not_found");
    }

    @Test
    void tokenizeAndDetokenizeRoundTrip() throws Exception {
        JsonNode tokens = json.readTree(osprey.post("/v1/tokenize", "{\"content\":\"Once upon a time\"}", BOB).body());
        assertThat(tokens.get("count").intValue()).isEqualTo(tokens.get("tokens").size()).isPositive();
        JsonNode text = json.readTree(osprey.post("/v1/detokenize", "{\"tokens\":" + tokens.get("tokens") + "}", BOB).body());
        assertThat(text.get("content").stringValue()).isEqualTo("Once upon a time");
        JsonNode classified = json.readTree(osprey.post("/v1/tokenize",
                "{\"content\":\"int x = 1;\",\"with_classes\":true,\"language\":\"java\"}", BOB).body());
        assertThat(classified.get("tokens").get(0).get("classes").get(0).stringValue()).isEqualTo("keyword");
        assertError(osprey.post("/v1/detokenize", "{\"tokens\":[99999]}", BOB), 400, "tokens[0]", "invalid_value");
    }

    @Test
    void openApiDocumentListsTheRoutes() throws Exception {
        HttpResponse<String> doc = osprey.get("/openapi.yaml", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("openapi: 3.1", "/v1/chat/completions", "/v1/infill", "/v1/repositories/{id}/search");
    }

    private void assertError(HttpResponse<String> response, int status, String param, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.get("type").stringValue()).isNotBlank();
        if (param == null) {
            assertThat(error.get("param").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(error.get("param").stringValue()).isEqualTo(param);
        }
        assertThat(error.get("code").stringValue()).isEqualTo(code);
    }
}
