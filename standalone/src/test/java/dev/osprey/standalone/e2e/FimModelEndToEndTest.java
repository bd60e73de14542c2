package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fill-in-the-middle end to end with a model whose vocabulary has Qwen's FIM tokens (the synthetic
 * qwen2-s golden model: random weights, so only the plumbing is asserted), without keys (loopback),
 * and what a client sees when the inference service goes away.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FimModelEndToEndTest {
    @TempDir
    static Path home;
    RunningStack osprey;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() {
        osprey = RunningStack.start(ReferenceFiles.path("goldens/models/qwen2-s-q8_0.gguf"), home, false, Map.of());
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    @Test
    @Order(1)
    void modelsReportFimSupport() throws Exception {
        JsonNode model = json.readTree(osprey.get("/v1/models", null).body()).get("data").get(0);
        assertThat(model.get("fim").get("supported").booleanValue()).isTrue();
        assertThat(model.get("fim").get("format").stringValue()).isEqualTo("qwen");
    }

    @Test
    @Order(2)
    void suffixMakesAFillInTheMiddleCompletion() throws Exception {
        String prefix = "def add(a, b):\n    ";
        String suffix = "\n\nprint(add(1, 2))\n";
        int plainTokens = tokens(prefix) + tokens(suffix);
        HttpResponse<String> response = osprey.post("/v1/completions", "{\"prompt\":" + quote(prefix) + ",\"suffix\":"
                + quote(suffix) + ",\"max_tokens\":8,\"temperature\":0}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("choices").get(0).get("finish_reason").stringValue()).isIn("stop", "length");
        assertThat(body.get("usage").get("completion_tokens").intValue()).isBetween(1, 8);
        // prefix and suffix plus the three FIM control tokens at least
        assertThat(body.get("usage").get("prompt_tokens").intValue()).isGreaterThanOrEqualTo(plainTokens + 3);
    }

    @Test
    @Order(3)
    void infillStreamsLlamaCppObjects() throws Exception {
        HttpResponse<String> response = osprey.post("/v1/infill", "{\"input_prefix\":\"int main() {\\n  \","
                + "\"input_suffix\":\"\\n}\\n\",\"input_extra\":[{\"filename\":\"util.h\",\"text\":\"int helper(int x);\\n\"}],"
                + "\"n_predict\":6,\"temperature\":0,\"stream\":true}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String[] events = response.body().split("\n\n");
        JsonNode last = json.readTree(events[events.length - 1].substring("data: ".length()));
        assertThat(last.get("stop").booleanValue()).isTrue();
        assertThat(last.get("stop_type").stringValue()).isIn("eos", "limit");
        assertThat(last.get("tokens_predicted").intValue()).isBetween(1, 6);
        for (int i = 0; i < events.length - 1; i++) {
            assertThat(json.readTree(events[i].substring("data: ".length())).get("stop").booleanValue()).isFalse();
        }
        HttpResponse<String> whole = osprey.post("/v1/infill", "{\"input_prefix\":\"x = \",\"input_suffix\":\"\\n\",\"n_predict\":4}", null);
        assertThat(json.readTree(whole.body()).has("content")).isTrue();
    }

    @Test
    @Order(10)
    void inferenceServiceGoneIs503WithRetryAfter() throws Exception {
        osprey.stack.inferenceContext().close();
        HttpResponse<String> response = osprey.post("/v1/completions", "{\"prompt\":\"x = \",\"max_tokens\":2}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("service_unavailable");
        assertThat(error.get("message").stringValue()).contains("inference");
    }

    private int tokens(String text) throws Exception {
        return json.readTree(osprey.post("/v1/tokenize", "{\"content\":" + quote(text) + "}", null).body()).get("count").intValue();
    }

    private String quote(String s) {
        return json.writeValueAsString(s);
    }
}
