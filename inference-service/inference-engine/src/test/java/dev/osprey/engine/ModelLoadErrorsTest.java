package dev.osprey.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.model.ModelFormatException;
import dev.osprey.engine.model.UnsupportedArchitectureException;
import dev.osprey.engine.tensor.UnsupportedTensorTypeException;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufWriter;
import dev.osprey.testkit.ReferenceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every unusable model file and bad call fails with a typed exception naming the problem. */
class ModelLoadErrorsTest {
    @TempDir
    Path dir;

    @Test
    void unknownArchitectureIsNamed() {
        Path file = TinyModelFile.llama(1).withArch("gpt-j").write(dir.resolve("m.gguf"));
        assertThatThrownBy(() -> Model.load(file, TestEngines.options()))
                .isInstanceOf(UnsupportedArchitectureException.class)
                .hasMessageContaining("'gpt-j'").hasMessageContaining("llama").hasMessageContaining("qwen2");
    }

    @Test
    void unsupportedTensorTypeIsNamedAtLoad() {
        Path file = TinyModelFile.llama(1).write(dir.resolve("m.gguf"), w -> retype(w));
        assertThatThrownBy(() -> Model.load(file, TestEngines.options()))
                .isInstanceOf(UnsupportedTensorTypeException.class)
                .hasMessageContaining("blk.0.attn_q.weight").hasMessageContaining("Q8_1");
    }

    private static GgufWriter retype(GgufWriter w) {
        GgufWriter copy = new GgufWriter().putAll(w.metadata());
        for (var info : w.tensorInfos()) {
            if (info.name().equals("blk.0.attn_q.weight")) {
                copy.addZeroTensor(info.name(), GgmlType.Q8_1, info.dims()); // a dot-product type: no kernels load it
            } else {
                copy.addZeroTensor(info.name(), info.type(), info.dims());
            }
        }
        return copy;
    }

    @Test
    void missingTensorIsNamed() {
        Path file = TinyModelFile.llama(1).write(dir.resolve("m.gguf"), w -> without(w, "blk.1.ffn_up.weight"));
        assertThatThrownBy(() -> Model.load(file, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("blk.1.ffn_up.weight");
    }

    @Test
    void qwen2WithoutBiasesIsRefused() {
        Path file = TinyModelFile.llama(1).withArch("qwen2").write(dir.resolve("m.gguf"), w -> without(w, "blk.0.attn_k.bias"));
        assertThatThrownBy(() -> Model.load(file, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("blk.0.attn_k.bias");
    }

    /** Each architecture's block wiring names the tensor it lacks: StarCoder2's LayerNorm bias, Qwen3's q/k norms. */
    @Test
    void aBlockShapesMissingTensorIsNamed() {
        Path starcoder2 = TinyModelFile.llama(1).withArch("starcoder2").write(dir.resolve("s.gguf"));
        assertThatThrownBy(() -> Model.load(starcoder2, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("blk.0.attn_norm.bias");
        Path qwen3 = TinyModelFile.llama(1).withArch("qwen3").write(dir.resolve("q.gguf"));
        assertThatThrownBy(() -> Model.load(qwen3, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("blk.0.attn_q_norm.weight");
    }

    @Test
    void anUnknownRopeScalingOrABadYarnFactorIsNamed() {
        Path longRope = TinyModelFile.llama(1).write(dir.resolve("l.gguf"),
                w -> w.putString("llama.rope.scaling.type", "longrope"));
        assertThatThrownBy(() -> Model.load(longRope, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("'longrope'").hasMessageContaining("yarn");
        Path shrink = TinyModelFile.llama(1).write(dir.resolve("y.gguf"),
                w -> w.putString("llama.rope.scaling.type", "yarn").putFloat32("llama.rope.scaling.factor", 0.5f));
        assertThatThrownBy(() -> Model.load(shrink, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("rope.scaling.factor")
                .hasMessageContaining("0.5");
    }

    private static GgufWriter without(GgufWriter w, String tensor) {
        GgufWriter copy = new GgufWriter().putAll(w.metadata());
        for (var info : w.tensorInfos()) {
            if (!info.name().equals(tensor)) {
                copy.addZeroTensor(info.name(), info.type(), info.dims());
            }
        }
        return copy;
    }

    @Test
    void vocabularyOnlyFileIsNotAModel() {
        Path vocab = ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf");
        assertThatThrownBy(() -> Model.load(vocab, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no tensors");
    }

    @Test
    void garbageAndMissingFilesAreModelFormatErrors() throws Exception {
        Path garbage = Files.write(dir.resolve("x.gguf"), "not a gguf file at all".getBytes());
        assertThatThrownBy(() -> Model.load(garbage, TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("x.gguf");
        assertThatThrownBy(() -> Model.load(dir.resolve("absent.gguf"), TestEngines.options()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("absent.gguf");
    }

    @Test
    void tokensOutsideTheVocabularyAndPositionsOutsideTheCacheAreRefused() {
        Path file = TinyModelFile.llama(1).write(dir.resolve("m.gguf"));
        try (Model model = Model.load(file, TestEngines.options())) {
            assertThatThrownBy(() -> model.forward(new int[] {300}, 0, model.newKvCache(4), false))
                    .isInstanceOf(EngineException.class).hasMessageContaining("token id 300");
            assertThatThrownBy(() -> model.forward(new int[] {1, 2}, 3, model.newKvCache(4), false))
                    .isInstanceOf(EngineException.class).hasMessageContaining("position 4");
            assertThatThrownBy(() -> model.newKvCache(257))
                    .isInstanceOf(EngineException.class).hasMessageContaining("context length");
        }
    }
}
