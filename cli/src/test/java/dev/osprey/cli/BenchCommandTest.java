package dev.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static final String STORIES = ReferenceFiles.path("models/stories260K.gguf").toString();

    @Test
    void eachDepthGetsAPpAndATgLineLabelledWithIt() {
        CliRun run = CliRun.run("bench", "--model", STORIES, "--threads", "1", "--kv-type", "f32", "--depth", "32,64",
                "--prompt-tokens", "16", "--gen-tokens", "4", "--repetitions", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // stories260K: 5 layers, 4 KV heads of 8, keys and values in f32
        assertThat(run.out()).contains("KV cache f32, " + 5 * 4 * (8 + 8) * 4 + " bytes per token")
                .containsPattern("pp16@d32 median=[0-9.]+ ").containsPattern("tg4@d32 median=[0-9.]+ ")
                .containsPattern("pp16@d64 median=[0-9.]+ ").containsPattern("tg4@d64 median=[0-9.]+ ");
    }

    @Test
    void badKvSettingsAreRefusedSayingWhy() {
        CliRun type = CliRun.run("bench", "--model", STORIES, "--kv-type", "q4");
        assertThat(type.exitCode()).isNotZero();
        assertThat(type.err()).contains("--kv-type", "f16, q8_0 or f32");
        CliRun q8 = CliRun.run("bench", "--model", STORIES, "--kv-type", "q8_0", "--gen-tokens", "1", "--prompt-tokens", "0");
        assertThat(q8.exitCode()).isNotZero();
        assertThat(q8.err()).contains("q8_0 needs a multiple of 32");
        CliRun depth = CliRun.run("bench", "--model", STORIES, "--depth", "-5");
        assertThat(depth.exitCode()).isNotZero();
        assertThat(depth.err()).contains("--depth must be >= 0");
        CliRun deep = CliRun.run("bench", "--model", STORIES, "--depth", "100000", "--prompt-tokens", "8");
        assertThat(deep.exitCode()).isNotZero();
        assertThat(deep.err()).contains("exceed the model's context");
    }
}
