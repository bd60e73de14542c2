package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.CompletionChunk;
import dev.osprey.api.v1.CompletionResponse;
import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.DebugOptions;
import dev.osprey.api.v1.InfillRequest;
import dev.osprey.api.v1.SamplingOptions;
import dev.osprey.testkit.LocalGrpc;
import dev.osprey.testkit.ReferenceFiles;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
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
 * Repository context through the public APIs: a key indexes a repository, completes code that calls a function
 * defined in another of its files, and with {@code debug_options} sees the defining snippet in the prompt and why
 * it was chosen, over REST and gRPC; another key gets nothing of that repository. The model is the synthetic
 * qwen2-s (Qwen's FIM and repository tokens, random weights): only the context is asserted.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryContextEndToEndTest {
    static final String ALICE = "sk-alice-0123456789abcdef";
    static final String BOB = "sk-bob-0123456789abcdef";
    static final String PREFIX = "from geo.shapes import polygon_area\\n\\ndef report(points):\\n    return polygon_area(";
    static final String DEBUG = "\"debug_options\":{\"return_snippets\":true,\"return_prompt\":true}";

    @TempDir
    static Path home;
    RunningStack osprey;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        osprey = RunningStack.start(ReferenceFiles.path("goldens/models/qwen2-s-q8_0.gguf"), home, false, Map.of(
                "osprey.gateway.api-keys[0].name", "alice", "osprey.gateway.api-keys[0].key", ALICE,
                "osprey.gateway.api-keys[1].name", "bob", "osprey.gateway.api-keys[1].key", BOB));
        String shapes = "def polygon_area(points):\\n    \\\"\\\"\\\"Shoelace area.\\\"\\\"\\\"\\n"
                + "    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:]))) / 2\\n";
        String report = "def render(points):\\n    return sum(p[0] for p in points)\\n";
        osprey.createRepository("geo", "[{\"path\":\"geo/shapes.py\",\"content\":\"" + shapes + "\"},"
                + "{\"path\":\"report/page.py\",\"content\":\"" + report + "\"}]", ALICE);
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    @Test
    void infillShowsTheDefiningSnippetAndWhyOverRest() throws Exception {
        HttpResponse<String> response = osprey.post("/v1/infill", "{\"input_prefix\":\"" + PREFIX + "\","
                + "\"input_suffix\":\")\\n\",\"path\":\"app/main.py\",\"repository_id\":\"geo\",\"n_predict\":2,"
                + "\"temperature\":0," + DEBUG + "}", ALICE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode debug = json.readTree(response.body()).get("debug_data");
        JsonNode first = debug.get("snippets").get(0);
        assertThat(first.get("filepath").stringValue()).isEqualTo("geo/shapes.py");
        assertThat(first.get("symbol").stringValue()).isEqualTo("polygon_area");
        assertThat(first.get("start_line").intValue()).isEqualTo(1);
        assertThat(first.get("body").stringValue()).startsWith("def polygon_area(points):");
        assertThat(first.get("reason").stringValue()).startsWith("function geo.shapes.polygon_area used as "
                + "'polygon_area' 0 lines from the cursor, imported;");
        assertThat(first.get("score").doubleValue()).isGreaterThan(0.85);
        assertThat(debug.get("prompt").stringValue()).contains("<|file_sep|>geo/shapes.py\ndef polygon_area(points):")
                .contains("<|fim_prefix|>from geo.shapes import polygon_area");
        assertThat(debug.get("window").get("tier").intValue()).isEqualTo(1024);
        assertThat(debug.get("window").get("tokens").intValue()).isPositive();
        assertThat(debug.get("planning_ms").doubleValue()).isPositive();
        assertThat(debug.get("retrieval_ms").doubleValue()).isPositive(); // the repository was searched
        assertThat(debug.get("prompt_ms").doubleValue()).isPositive()
                .isLessThanOrEqualTo(debug.get("planning_ms").doubleValue());

        JsonNode bm25 = json.readTree(osprey.post("/v1/infill", "{\"input_prefix\":\"" + PREFIX + "\","
                + "\"input_suffix\":\")\\n\",\"path\":\"app/main.py\",\"repository_id\":\"geo\",\"n_predict\":1,"
                + "\"debug_options\":{\"return_snippets\":true,\"retrieval\":\"bm25\"}}", ALICE).body()).get("debug_data");
        assertThat(bm25.get("snippets")).allSatisfy(s -> assertThat(s.get("reason").stringValue()).isEmpty());
        assertThat(bm25.has("prompt")).isFalse();
    }

    /** An edit not indexed yet: the recent copy's definition replaces the indexed one, a new file's is found. */
    @Test
    void recentFilesAreFresherThanTheIndex() throws Exception {
        String edited = "def polygon_area(points, scale):\\n    return scale * len(points)\\n";
        String fresh = "def fresh_helper(x):\\n    return x + 1\\n";
        HttpResponse<String> response = osprey.post("/v1/infill", "{\"input_prefix\":\"" + PREFIX
                + "fresh_helper(\",\"input_suffix\":\"))\\n\",\"path\":\"app/main.py\",\"repository_id\":\"geo\","
                + "\"n_predict\":1,\"recent_files\":[{\"filename\":\"geo/shapes.py\",\"text\":\"" + edited + "\"},"
                + "{\"filename\":\"util/new.py\",\"text\":\"" + fresh + "\"}]," + DEBUG + "}", ALICE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode snippets = json.readTree(response.body()).get("debug_data").get("snippets");
        assertThat(snippets).anySatisfy(s -> {
            assertThat(s.get("filepath").stringValue()).isEqualTo("geo/shapes.py");
            assertThat(s.get("body").stringValue()).startsWith("def polygon_area(points, scale):");
            assertThat(s.get("reason").stringValue()).contains("text from the client's recent copy");
        });
        assertThat(snippets).anySatisfy(s -> {
            assertThat(s.get("filepath").stringValue()).isEqualTo("util/new.py");
            assertThat(s.get("reason").stringValue()).contains("recently opened or edited file");
        });
        HttpResponse<String> alone = osprey.post("/v1/infill", "{\"input_prefix\":\"x\",\"recent_files\":"
                + "[{\"filename\":\"a.py\",\"text\":\"\"}]}", ALICE);
        assertThat(alone.statusCode()).isEqualTo(400);
        assertThat(alone.body()).contains("recent_files").contains("repository_id");
    }

    @Test
    void completionsWithASuffixAndChatShowTheirPromptsToo() throws Exception {
        JsonNode completion = json.readTree(osprey.post("/v1/completions", "{\"prompt\":\"x = \",\"suffix\":\"\\n\","
                + "\"max_tokens\":1," + DEBUG + "}", ALICE).body()).get("debug_data");
        assertThat(completion.get("snippets")).isEmpty();
        assertThat(completion.get("prompt").stringValue()).contains("<|fim_prefix|>x = <|fim_suffix|>");
        JsonNode chat = json.readTree(osprey.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"What does polygon_area compute?\"}],\"repository_id\":\"geo\",\"max_tokens\":1,"
                + DEBUG + "}", ALICE).body()).get("debug_data");
        assertThat(chat.get("snippets").get(0).get("filepath").stringValue()).isEqualTo("geo/shapes.py");
        assertThat(chat.get("prompt").stringValue()).contains("polygon_area");
        HttpResponse<String> twoPrompts = osprey.post("/v1/completions", "{\"prompt\":[\"a\",\"b\"],\"max_tokens\":1,"
                + DEBUG + "}", ALICE);
        assertThat(twoPrompts.statusCode()).isEqualTo(400);
        assertThat(twoPrompts.body()).contains("debug_options");
    }

    @Test
    void anotherKeyGetsNothingOfTheRepository() throws Exception {
        HttpResponse<String> response = osprey.post("/v1/infill", "{\"input_prefix\":\"" + PREFIX + "\","
                + "\"repository_id\":\"geo\",\"n_predict\":1," + DEBUG + "}", BOB);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("polygon_area").doesNotContain("debug_data");
    }

    @Test
    void grpcInfillCarriesTheSameDebugData() throws Exception {
        ManagedChannel channel = LocalGrpc.channel(osprey.stack.grpcPort());
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ALICE);
            var alice = CompletionsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            InfillRequest request = InfillRequest.newBuilder().setPrefix(PREFIX.replace("\\n", "\n")).setSuffix(")\n")
                    .setPath("app/main.py").setRepositoryId("geo")
                    .setSampling(SamplingOptions.newBuilder().setMaxTokens(2).setTemperature(0))
                    .setDebugOptions(DebugOptions.newBuilder().setReturnSnippets(true)).build();
            CompletionResponse whole = alice.infill(request);
            assertThat(whole.getDebugData().getSnippets(0).getPath()).isEqualTo("geo/shapes.py");
            assertThat(whole.getDebugData().getSnippets(0).getReason()).contains("imported");
            assertThat(whole.getDebugData().hasPrompt()).isFalse();
            assertThat(whole.getDebugData().getPlanningMs()).isPositive();
            assertThat(whole.getDebugData().getRetrievalMs()).isPositive();
            assertThat(whole.getDebugData().getPromptMs()).isPositive();
            Iterator<CompletionChunk> stream = alice.streamInfill(request);
            CompletionChunk first = stream.next();
            assertThat(first.getEventCase()).isEqualTo(CompletionChunk.EventCase.DEBUG_DATA);
            assertThat(first.getDebugData().getSnippets(0).getSymbol()).isEqualTo("polygon_area");
            stream.forEachRemaining(c -> assertThat(c.getEventCase()).isNotEqualTo(CompletionChunk.EventCase.DEBUG_DATA));
        } finally {
            LocalGrpc.close(channel);
        }
    }
}
