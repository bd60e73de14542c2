package dev.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code osprey generate} against llama.cpp's greedy goldens, sampling options, and bad input. */
class GenerateCommandTest {
    private static final String GOLDENS = "goldens/models/";

    private static String model(String name) {
        return ReferenceFiles.path(GOLDENS + name + ".gguf").toString();
    }

    private static String ids(String file) throws Exception {
        return Files.readString(ReferenceFiles.path(GOLDENS + file)).trim();
    }

    @Test
    void greedyIdsAreLlamaCppsGreedyContinuation() throws Exception {
        CliRun run = CliRun.run("generate", "--model", model("qwen2-s-f32"), "--prompt-ids", ids("qwen2-s-f32.prompt.ids"),
                "--max-tokens", "32", "--temperature", "0", "--ignore-eos", "--output", "ids", "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(ids("qwen2-s-f32.greedy.ids"));
    }

    @Test
    void jsonHasTopFiveLogitsPerTokenMatchingLlamaCpp() throws Exception {
        // the goldens were made with an F32 KV cache; the default F16 one moves logits by up to 0.01
        CliRun run = CliRun.run("generate", "--model", model("llama-s-f32"), "--kv-type", "f32",
                "--prompt-ids", ids("llama-s-f32.prompt.ids"),
                "--max-tokens", "3", "--temperature", "0", "--ignore-eos", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(run.out());
        assertThat(root.get("tokens").size()).isEqualTo(3);
        JsonNode first = root.get("tokens").get(0);
        assertThat(first.get("top_logits").size()).isEqualTo(5);
        // top5.txt: header, then one line per position; position 23 predicts the first greedy token.
        String line = Files.readAllLines(ReferenceFiles.path(GOLDENS + "llama-s-f32.top5.txt")).get(1 + 23);
        String[] golden = line.split("\t")[2].split(" ");
        for (int i = 0; i < 5; i++) {
            String[] idLogit = golden[i].split(":");
            assertThat(first.get("top_logits").get(i).get("id").asInt()).isEqualTo(Integer.parseInt(idLogit[0]));
            assertThat(first.get("top_logits").get(i).get("logit").asDouble())
                    .isCloseTo(Double.parseDouble(idLogit[1]), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void theSameSeedGivesTheSameTextAndTextPromptsUseTheModelsTokenizer() {
        String stories = ReferenceFiles.path("models/stories260K.gguf").toString();
        CliRun a = CliRun.run("generate", "--model", stories, "--prompt", "Once upon a time", "--max-tokens", "40",
                "--temperature", "1.0", "--seed", "42");
        CliRun b = CliRun.run("generate", "--model", stories, "--prompt", "Once upon a time", "--max-tokens", "40",
                "--temperature", "1.0", "--seed", "42");
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).isNotBlank();
        CliRun greedy = CliRun.run("generate", "--model", stories, "--prompt", "Once upon a time", "--max-tokens", "12",
                "--temperature", "0");
        assertThat(greedy.out()).startsWith(", there was a little");
    }

    @Test
    void stopStringsEndTheOutputBeforeTheStopText() {
        String stories = ReferenceFiles.path("models/stories260K.gguf").toString();
        CliRun run = CliRun.run("generate", "--model", stories, "--prompt", "Once upon a time", "--max-tokens", "60",
                "--temperature", "0", "--stop", "Lily", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"text\" : \", there was a little girl named \"").contains("\"finish_reason\" : \"stop\"");
    }

    @Test
    void logitBiasForcesOrBansTokensUnderGreedyDecoding() throws Exception {
        String[] greedy = ids("qwen2-s-f32.greedy.ids").split(" ");
        CliRun banned = CliRun.run("generate", "--model", model("qwen2-s-f32"), "--prompt-ids",
                ids("qwen2-s-f32.prompt.ids"), "--max-tokens", "1", "--temperature", "0", "--ignore-eos",
                "--output", "ids", "--logit-bias", greedy[0] + "=-100");
        assertThat(banned.exitCode()).as(banned.err()).isZero();
        assertThat(banned.out().strip()).isNotEqualTo(greedy[0]);
        CliRun forced = CliRun.run("generate", "--model", model("qwen2-s-f32"), "--prompt-ids",
                ids("qwen2-s-f32.prompt.ids"), "--max-tokens", "2", "--temperature", "0", "--ignore-eos",
                "--output", "ids", "--logit-bias", "7=100");
        assertThat(forced.out().strip()).isEqualTo("7 7");
        assertError(CliRun.run("generate", "--model", model("qwen2-s-f32"), "--prompt-ids", "1",
                "--logit-bias", "7=101"), "logit_bias");
        assertError(CliRun.run("generate", "--model", model("qwen2-s-f32"), "--prompt-ids", "1",
                "--logit-bias", "seven=1"), "not a token id");
    }

    @Test
    void badInputGivesAClearErrorAndANonZeroExit() throws Exception {
        String m = model("llama-s-f32");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1,2", "--temperature", "-0.5"), "temperature");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1,2", "--top-p", "1.5"), "top_p");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1,5000"), "token id 5000");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1,x"), "'x' is not a token id");
        assertError(CliRun.run("generate", "--model", "/nonexistent.gguf", "--prompt-ids", "1"), "/nonexistent.gguf");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1", "--prompt", "hi"), "mutually exclusive");
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", "1", "--threads", "0"), "--threads");
        Path notAModel = ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf");
        assertError(CliRun.run("generate", "--model", notAModel.toString(), "--prompt-ids", "1"), "no tensors");
        String longPrompt = "1" + ",1".repeat(2048);
        assertError(CliRun.run("generate", "--model", m, "--prompt-ids", longPrompt), "context");
    }

    private static void assertError(CliRun run, String mentions) {
        assertThat(run.exitCode()).as(run.out()).isNotZero();
        assertThat(run.err()).contains(mentions);
    }
}
