package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ModelLoadFailureAnalyzerTest {

    @Test
    void reportsTheModelThePathAndTheSettingToFix() {
        Path path = Path.of("/models/coder.gguf");
        ModelLoadException cause = new ModelLoadException("coder", path, new IOException(path + ": not a GGUF file"));

        FailureAnalysis analysis = new ModelLoadFailureAnalyzer()
                .analyze(new BeanCreationException("modelRegistry", "failed", cause));

        assertThat(analysis.getDescription())
                .isEqualTo("cannot load model 'coder' from /models/coder.gguf: /models/coder.gguf: not a GGUF file");
        assertThat(analysis.getAction()).contains("osprey.tokenizer.models.coder");
        assertThat(analysis.getCause()).isSameAs(cause);
    }
}
