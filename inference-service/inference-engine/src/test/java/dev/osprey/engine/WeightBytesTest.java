package dev.osprey.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.bench.ModelBenchmark;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WeightBytesTest {
    /**
     * A decode step streams every 2-D weight but the embedding, whose output projection reads it whole when tied:
     * for a GELU block (no gate) and a SwiGLU one alike, the bytes of the file's 2-D tensors.
     */
    @Test
    void bytesPerTokenAreTheFilesMatricesWhateverTheBlockShape() throws Exception {
        for (String name : new String[] {"starcoder2-s-q8_0", "qwen3-s-q8_0"}) {
            Path path = ArchitectureGoldenModels.model(name);
            long matrices = 0;
            boolean tied;
            try (GgufFile file = GgufFile.open(path)) {
                tied = file.tensor("output.weight").isEmpty();
                for (GgufTensorInfo t : file.tensors()) {
                    if (t.nDims() == 2 && (tied || !t.name().equals("token_embd.weight"))) {
                        matrices += file.tensorData(t).byteSize();
                    }
                }
            }
            try (Model model = Model.load(path, TestEngines.options())) {
                assertThat(ModelBenchmark.bytesPerToken(model.weights())).as(name).isEqualTo(matrices);
            }
        }
    }
}
