package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.serve.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Startup failures name the file and the setting to change. */
class ServedModelTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults().withThreads(1);

    @Test
    void aMissingModelFileNamesThePathAndTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("nope.gguf");

        assertThatThrownBy(() -> ServedModel.start("nope", missing, OPTIONS, EngineConfig.defaults()))
                .isInstanceOfSatisfying(InferenceStartupException.class, e -> {
                    assertThat(e.getMessage()).contains(missing.toString(), "does not exist");
                    assertThat(e.action()).contains("osprey.inference.model-path");
                });
    }

    @Test
    void aFileThatIsNotAModelNamesTheReason(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.gguf"), "not a model");

        assertThatThrownBy(() -> ServedModel.start("junk", junk, OPTIONS, EngineConfig.defaults()))
                .isInstanceOfSatisfying(InferenceStartupException.class, e -> {
                    assertThat(e.getMessage()).startsWith("cannot load model 'junk' from " + junk + ": ");
                    assertThat(e.action()).contains("osprey.inference.model-path");
                });
    }

    @Test
    void aKvBudgetBelowOneContextWindowNamesTheBytesItNeedsAndTheSettings() {
        assertThatThrownBy(() -> ServedModel.start("tiny", InProcessInferenceServer.modelPath(), OPTIONS,
                EngineConfig.defaults().withKvBudgetBytes(1000)))
                .isInstanceOfSatisfying(InferenceStartupException.class, e -> {
                    assertThat(e.getMessage()).contains("KV budget of 1000 bytes", "one full context window of",
                            "tokens needs", "bytes per token in");
                    assertThat(e.action()).contains("osprey.inference.kv-budget", "osprey.inference.context-tokens",
                            "osprey.inference.kv-type");
                });
    }

    @Test
    void theFailureAnalyzerReportsTheMessageAndTheAction() {
        InferenceStartupException cause = new InferenceStartupException("cannot load model 'm'", "Set osprey.inference.model-path.",
                null);

        FailureAnalysis analysis = new InferenceStartupFailureAnalyzer()
                .analyze(new BeanCreationException("servedModel", "failed", cause));

        assertThat(analysis.getDescription()).isEqualTo("cannot load model 'm'");
        assertThat(analysis.getAction()).isEqualTo("Set osprey.inference.model-path.");
        assertThat(analysis.getCause()).isSameAs(cause);
    }

    @Test
    void closingStopsTheEngine() {
        ServedModel served = ServedModel.start("s", InProcessInferenceServer.modelPath(), OPTIONS,
                EngineConfig.defaults().withKvBudgetBytes(1 << 20).withContextTokens(256));
        served.close();

        assertThat(served.closing()).isTrue();
        assertThatThrownBy(() -> served.engine().submit(null, null)).isInstanceOf(IllegalStateException.class);
    }
}
