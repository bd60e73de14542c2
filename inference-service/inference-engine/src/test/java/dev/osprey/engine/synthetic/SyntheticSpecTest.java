package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.gguf.GgmlType;
import org.junit.jupiter.api.Test;

class SyntheticSpecTest {

    @Test
    void parsesNameAndType() {
        SyntheticSpec spec = SyntheticSpec.parse("qwen2-0.5b:Q4_K");
        assertThat(spec.model()).isEqualTo(SyntheticModel.QWEN2_0_5B);
        assertThat(spec.type()).isEqualTo(GgmlType.Q4_K);
        assertThat(spec).hasToString("qwen2-0.5b:q4_k");
        assertThat(SyntheticSpec.parse("llama-1b:bf16").type()).isEqualTo(GgmlType.BF16);
        assertThat(SyntheticSpec.parse("qwen2-7b:f32").model().tiedOutput()).isFalse();
        SyntheticSpec mix = SyntheticSpec.parse("qwen2-1.5b:Q4_K_M");
        assertThat(mix.recipe()).isEqualTo(QuantRecipe.Q4_K_M);
        assertThat(mix.type()).isEqualTo(GgmlType.Q4_K);
        assertThat(mix).hasToString("qwen2-1.5b:q4_k_m");
    }

    @Test
    void errorsSayWhatIsKnown() {
        assertThatThrownBy(() -> SyntheticSpec.parse("qwen3-0.6b:q8_0"))
                .hasMessage("unknown synthetic model 'qwen3-0.6b'; known: qwen2-0.5b, qwen2-1.5b, llama-1b, qwen2-7b, "
                        + "qwen3-1.7b, starcoder2-3b");
        assertThatThrownBy(() -> SyntheticSpec.parse("llama-1b:q3_k_l"))
                .hasMessage("unknown synthetic model type 'q3_k_l' in 'llama-1b:q3_k_l'; known: f32, f16, q4_0, q4_1, "
                        + "q5_0, q5_1, q8_0, q2_k, q3_k, q4_k, q5_k, q6_k, iq4_nl, iq4_xs, bf16, q4_k_m, q5_k_m");
        assertThatThrownBy(() -> SyntheticSpec.parse("llama-1b")).hasMessageContaining("is not NAME:TYPE");
        assertThatThrownBy(() -> SyntheticSpec.parse("llama-1b:")).hasMessageContaining("is not NAME:TYPE");
        assertThatThrownBy(() -> new SyntheticSpec(SyntheticModel.LLAMA_1B, GgmlType.IQ2_XS)).hasMessageContaining("not IQ2_XS");
    }

    @Test
    void presetsHaveTheRealModelsSizes() {
        assertThat(SyntheticModel.QWEN2_0_5B.parameterCount()).isEqualTo(494_032_768L);
        assertThat(SyntheticModel.LLAMA_1B.parameterCount()).isEqualTo(1_235_814_400L);
        assertThat(SyntheticModel.QWEN2_7B.parameterCount()).isEqualTo(7_615_616_512L);
        assertThat(SyntheticModel.QWEN2_1_5B.parameterCount()).isEqualTo(1_543_714_304L);
        assertThat(SyntheticModel.QWEN2_0_5B.headDim()).isEqualTo(64);
        assertThat(SyntheticModel.LLAMA_1B.kvDim()).isEqualTo(512);
    }

    @Test
    void refusesShapesTheArchitecturesCannotHave() {
        assertThatThrownBy(() -> new SyntheticModel("x", "gpt2", 1, 64, 4, 2, 64, 300, 1e4, 1e-5, true, false, 64))
                .hasMessageContaining("architecture 'gpt2'");
        assertThatThrownBy(() -> new SyntheticModel("x", "llama", 1, 64, 3, 1, 64, 300, 1e4, 1e-5, true, false, 64))
                .hasMessageContaining("head dimension");
        assertThatThrownBy(() -> new SyntheticModel("x", "llama", 1, 64, 4, 3, 64, 300, 1e4, 1e-5, true, false, 64))
                .hasMessageContaining("not a multiple of 3 KV heads");
        assertThatThrownBy(() -> new SyntheticModel("x", "llama", 1, 64, 4, 2, 64, 100, 1e4, 1e-5, true, false, 64))
                .hasMessageContaining("vocab 100");
    }
}
