package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.gguf.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Synthetic benchmark models: exact shapes, every type loads and runs, same seed gives the same file. */
class SyntheticModelTest {
    private static final SyntheticShape TINY =
            new SyntheticShape("tiny", "qwen2", 2, 256, 4, 2, 512, 300, 1e6, 1e-6f, true, true, 512);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void everyTypeLoadsAndGivesFiniteLogits(GgmlType type) throws Exception {
        SyntheticSpec spec = new SyntheticSpec(TINY, type);
        Path file = dir.resolve("m.gguf");
        SyntheticModelWriter.write(spec, 7, file);
        try (Model model = Model.load(file, EngineOptions.defaults().withThreads(2))) {
            assertThat(model.config().dim()).isEqualTo(256);
            assertThat(model.weights().tiedOutput()).isTrue();
            assertThat(model.weights().layers().getFirst().wq().source().type()).isEqualTo(type);
            float[] logits = model.forward(new int[] {1, 2, 3}, 0, model.newKvCache(8), false);
            for (float v : logits) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        SyntheticSpec spec = new SyntheticSpec(TINY, GgmlType.Q4_K);
        SyntheticModelWriter.write(spec, 3, dir.resolve("a.gguf"));
        SyntheticModelWriter.write(spec, 3, dir.resolve("b.gguf"));
        SyntheticModelWriter.write(spec, 4, dir.resolve("c.gguf"));
        byte[] a = Files.readAllBytes(dir.resolve("a.gguf"));
        assertThat(Files.readAllBytes(dir.resolve("b.gguf"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("c.gguf"))).isNotEqualTo(a);
    }

    @Test
    void specsParseAndBadSpecsAreNamed() throws Exception {
        SyntheticSpec spec = SyntheticSpec.parse("qwen2-0.5b:q8_0");
        assertThat(spec.shape().layers()).isEqualTo(24);
        assertThat(spec.shape().vocab()).isEqualTo(151936);
        assertThat(spec.type()).isEqualTo(GgmlType.Q8_0);
        assertThatThrownBy(() -> SyntheticSpec.parse("qwen2-3b:q8_0")).hasMessageContaining("qwen2-3b")
                .hasMessageContaining("qwen2-0.5b");
        assertThatThrownBy(() -> SyntheticSpec.parse("qwen2-0.5b:q3_k")).hasMessageContaining("q3_k");
        assertThatThrownBy(() -> SyntheticSpec.parse("qwen2-0.5b")).hasMessageContaining("SHAPE:TYPE");
    }
}
