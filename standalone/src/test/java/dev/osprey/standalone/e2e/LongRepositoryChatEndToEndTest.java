package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.synthetic.SyntheticModel;
import dev.osprey.engine.synthetic.SyntheticModelWriter;
import dev.osprey.engine.synthetic.SyntheticSpec;
import dev.osprey.gguf.GgmlType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * A repository chat of more than 16K tokens through the whole stack: a synthetic Qwen2-shaped model with a 32K
 * context (byte-level vocabulary, so a character is a token), a repository of 60 files, and a chat message pasting
 * a long listing and asking about two of the repository's functions. The context service picks a window of at
 * least 16K for it, the engine prefills it in chunks, and the answer comes back with the defining files among the
 * prompt's snippets.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongRepositoryChatEndToEndTest {
    static final String KEY = "sk-long-0123456789abcdef";

    @TempDir
    static Path home;
    RunningStack osprey;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        Path model = home.resolve("qwen2-long-q8_0.gguf");
        // name, arch, layers, hidden, heads, kvHeads, ffn, vocab, theta, eps, tied, q/k/v bias, context
        new SyntheticModelWriter(2).write(new SyntheticSpec(new SyntheticModel("qwen2-long", "qwen2", 2, 256, 4, 2,
                512, 1024, 1e6, 1e-6, true, true, 32768), GgmlType.Q8_0), 7, model);
        osprey = RunningStack.start(model, home, false, Map.of(
                "osprey.gateway.api-keys[0].name", "long", "osprey.gateway.api-keys[0].key", KEY));
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String body = "def shape_area_" + i + "(points):\\n    \\\"\\\"\\\"Area of polygon " + i
                    + ".\\\"\\\"\\\"\\n    total = 0\\n" + "    for a, b in zip(points, points[1:]):\\n"
                    + "        total += a[0] * b[1] - b[0] * a[1]\\n".repeat(6) + "    return abs(total) / " + (i + 2)
                    + "\\n";
            files.append(i == 0 ? "" : ",").append("{\"path\":\"geo/shapes_").append(i).append(".py\",\"content\":\"")
                    .append(body).append("\"}");
        }
        osprey.createRepository("geo", "[" + files + "]", KEY);
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    @Test
    void aChatOfMoreThan16KTokensIsServedWithTheRepositorysDefinitions() throws Exception {
        StringBuilder listing = new StringBuilder();
        for (int line = 0; listing.length() < 15_500; line++) {
            listing.append("step ").append(line).append(": measured ").append(line * 37 % 1000)
                    .append(" points, area unchanged\\n");
        }
        String message = "Here is the log of my run:\\n" + listing
                + "Why do `shape_area_17` and `shape_area_42` disagree on these points?";
        HttpResponse<String> response = osprey.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + message + "\"}],\"repository_id\":\"geo\",\"max_tokens\":4,\"temperature\":0,"
                + "\"debug_options\":{\"return_snippets\":true}}", KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isGreaterThan(16_000);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isBetween(1, 4);
        JsonNode debug = body.get("debug_data");
        System.out.printf("long repository chat: %d prompt tokens, window %d, %d snippets%n",
                body.get("usage").get("prompt_tokens").asInt(), debug.get("window").get("tier").asInt(),
                debug.get("snippets").size());
        assertThat(debug.get("window").get("tier").asInt()).isGreaterThanOrEqualTo(16_384);
        assertThat(debug.get("snippets").findValuesAsString("filepath"))
                .contains("geo/shapes_17.py", "geo/shapes_42.py");
    }
}
