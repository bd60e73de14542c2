package dev.osprey.engine.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * The shape of a decoder-only transformer for which {@link SyntheticModelWriter} writes random
 * weights: llama.cpp's {@code llama}, {@code qwen2} or {@code qwen3} architecture (RMSNorm, RoPE, grouped-query
 * attention, SwiGLU FFN; Qwen3 with per-head q/k norms) or {@code starcoder2} (LayerNorm with biases, GELU FFN with
 * biases, biases on every projection). Named presets copy real models' shapes.
 *
 * @param name       preset or custom name, used in file names and {@code general.name}
 * @param arch       llama.cpp architecture: {@code "llama"}, {@code "qwen2"}, {@code "qwen3"} or {@code "starcoder2"}
 * @param layers     transformer blocks
 * @param hidden     embedding width ({@code n_embd})
 * @param heads      query heads; {@code hidden / heads} is the head dimension
 * @param kvHeads    key/value heads, dividing {@code heads}
 * @param ffn        FFN inner width
 * @param vocab      vocabulary size, also the rows of {@code token_embd} and {@code output}
 * @param ropeTheta  RoPE base frequency
 * @param rmsEps     the norms' epsilon (LayerNorm's for starcoder2)
 * @param tiedOutput whether the output projection reuses {@code token_embd} (no {@code output.weight})
 * @param qkvBias    whether the q, k and v projections have biases (Qwen2; StarCoder2 must have them)
 * @param ctx        training context length ({@code context_length})
 */
public record SyntheticModel(String name, String arch, int layers, int hidden, int heads, int kvHeads, int ffn,
                             int vocab, double ropeTheta, double rmsEps, boolean tiedOutput, boolean qkvBias, int ctx) {

    /** The architectures a synthetic model can have (declared before the presets, which check against it). */
    private static final java.util.List<String> ARCHITECTURES = java.util.List.of("llama", "qwen2", "qwen3", "starcoder2");

    /** Qwen2-0.5B (Qwen2.5-0.5B has the same shape). */
    public static final SyntheticModel QWEN2_0_5B =
            new SyntheticModel("qwen2-0.5b", "qwen2", 24, 896, 14, 2, 4864, 151936, 1e6, 1e-6, true, true, 32768);
    /** Qwen2.5-1.5B (the size a code-completion user runs on a laptop; Qwen2.5-Coder-1.5B has the same shape). */
    public static final SyntheticModel QWEN2_1_5B =
            new SyntheticModel("qwen2-1.5b", "qwen2", 28, 1536, 12, 2, 8960, 151936, 1e6, 1e-6, true, true, 32768);
    /** Llama-3.2-1B. */
    public static final SyntheticModel LLAMA_1B =
            new SyntheticModel("llama-1b", "llama", 16, 2048, 32, 8, 8192, 128256, 500000, 1e-5, true, false, 131072);
    /** Qwen2-7B (Qwen2.5-7B has the same shape). */
    public static final SyntheticModel QWEN2_7B =
            new SyntheticModel("qwen2-7b", "qwen2", 28, 3584, 28, 4, 18944, 152064, 1e6, 1e-6, false, true, 32768);

    /** Qwen3-1.7B (per-head q/k norms, no q/k/v biases). */
    public static final SyntheticModel QWEN3_1_7B =
            new SyntheticModel("qwen3-1.7b", "qwen3", 28, 2048, 16, 8, 6144, 151936, 1e6, 1e-6, true, false, 40960);
    /** StarCoder2-3B (LayerNorm, GELU, biases everywhere; its 4,096-token sliding window is not written). */
    public static final SyntheticModel STARCODER2_3B =
            new SyntheticModel("starcoder2-3b", "starcoder2", 30, 3072, 24, 2, 12288, 49152, 1e6, 1e-5, true, true, 16384);

    private static final SequencedMap<String, SyntheticModel> PRESETS = new LinkedHashMap<>();

    static {
        for (SyntheticModel m : new SyntheticModel[] {QWEN2_0_5B, QWEN2_1_5B, LLAMA_1B, QWEN2_7B, QWEN3_1_7B,
                STARCODER2_3B}) {
            PRESETS.put(m.name(), m);
        }
    }

    public SyntheticModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arch, "arch");
        if (!ARCHITECTURES.contains(arch)) {
            throw new IllegalArgumentException("model '" + name + "': architecture '" + arch
                    + "' is not one of " + String.join(", ", ARCHITECTURES));
        }
        if (arch.equals("starcoder2") && !qkvBias) {
            throw new IllegalArgumentException("model '" + name + "': starcoder2 has q/k/v biases");
        }
        if (layers < 1 || hidden < 1 || heads < 1 || kvHeads < 1 || ffn < 1 || vocab < 1 || ctx < 1) {
            throw new IllegalArgumentException("model '" + name + "': every size must be positive");
        }
        if (hidden % heads != 0 || (hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException("model '" + name + "': hidden " + hidden + " is not an even head dimension times "
                    + heads + " heads");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("model '" + name + "': " + heads + " heads are not a multiple of "
                    + kvHeads + " KV heads");
        }
        if (vocab < SyntheticVocabulary.MIN_SIZE) {
            throw new IllegalArgumentException("model '" + name + "': vocab " + vocab + " is below "
                    + SyntheticVocabulary.MIN_SIZE + " (256 byte tokens plus specials)");
        }
    }

    /** The presets by name, in declaration order. */
    public static SequencedMap<String, SyntheticModel> presets() {
        return java.util.Collections.unmodifiableSequencedMap(PRESETS);
    }

    /** @throws IllegalArgumentException naming the known presets when there is no such one */
    public static SyntheticModel preset(String name) {
        SyntheticModel m = PRESETS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown synthetic model '" + name + "'; known: "
                    + String.join(", ", PRESETS.keySet()));
        }
        return m;
    }

    public int headDim() {
        return hidden / heads;
    }

    /** Width of the key and value projections: {@code kvHeads * headDim}. */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /** Whether the blocks are StarCoder2's: LayerNorm with biases and a GELU feed-forward with biases. */
    public boolean layerNormGelu() {
        return arch.equals("starcoder2");
    }

    /** Whether queries and keys get per-head RMSNorms (Qwen3). */
    public boolean qkNorm() {
        return arch.equals("qwen3");
    }

    /** Weights and biases in all tensors. */
    public long parameterCount() {
        boolean gelu = layerNormGelu();
        long perLayer = 2L * hidden * (gelu ? 2 : 1)      // attn_norm, ffn_norm (and their biases)
                + (long) hidden * hidden * 2              // attn_q, attn_output
                + (long) hidden * kvDim() * 2             // attn_k, attn_v
                + (qkvBias ? hidden + 2L * kvDim() : 0)
                + (qkNorm() ? 2L * headDim() : 0)
                + (long) hidden * ffn * (gelu ? 2 : 3)    // ffn_gate (SwiGLU only), ffn_up, ffn_down
                + (gelu ? hidden + ffn + hidden : 0);     // attn_output, ffn_up and ffn_down biases
        return (long) vocab * hidden * (tiedOutput ? 1 : 2) + hidden * (gelu ? 2L : 1) + layers * perLayer;
    }

    /** A copy with another name, e.g. for a custom shape derived from a preset. */
    public SyntheticModel withName(String newName) {
        return new SyntheticModel(newName, arch, layers, hidden, heads, kvHeads, ffn, vocab, ropeTheta, rmsEps,
                tiedOutput, qkvBias, ctx);
    }
}
