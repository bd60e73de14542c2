package dev.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code osprey tokenize --file X.inp} prints llama.cpp's {@code X.out} byte for byte. */
class TokenizeCommandTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-coder", "starcoder", "llama-spm", "falcon"})
    void reproducesOutFilesFromInpFiles(String vocab) throws Exception {
        String prefix = "tokenizer-vectors/ggml-vocab-" + vocab + ".gguf";
        CliRun run = run("tokenize", "--vocab", ReferenceFiles.path(prefix).toString(),
                "--file", ReferenceFiles.path(prefix + ".inp").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(ReferenceFiles.path(prefix + ".out")));
    }

    @Test
    void textGivesIdsOnOneLineAndJsonGivesSpans() {
        String vocab = ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf").toString();
        CliRun ids = run("tokenize", "--vocab", vocab, "--text", "Hello world");
        assertThat(ids.out().strip()).isEqualTo("15496 995");
        CliRun json = run("tokenize", "--vocab", vocab, "--format", "json", "--text", "Hello world");
        assertThat(json.out()).contains("\"count\" : 2").contains("\"start\" : 5").contains("\"end\" : 11");
    }

    @Test
    void missingVocabularyIsAClearError(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliRun run = run("tokenize", "--vocab", dir.resolve("nope.gguf").toString(), "--text", "x");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nope.gguf");
    }
}
