package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgmlType;
import java.util.Locale;
import java.util.Objects;

/**
 * The type each 2-D weight is stored in for one of llama-quantize's file types, without an importance
 * matrix: a single type ({@code q8_0}, {@code q4_k}, …: every weight that type), or a K-quant mix
 * ({@code q4_k_m}, {@code q5_k_m}: {@code llama_tensor_get_type_impl}'s rules for those presets). Either
 * way a weight whose row length is not a whole number of the chosen type's blocks falls back as
 * {@code tensor_type_fallback} does (Q4_K→Q5_0, Q5_K→Q5_1, Q6_K→Q8_0, Q2_K/Q3_K→Q4_0, IQ4_XS→IQ4_NL;
 * F16 when the fallback does not divide the row either). Qwen2.5-0.5B's 896-wide rows are the case
 * real files meet.
 *
 * @param name     as written on the command line: the type's name, or the mix's
 * @param base     the type most weights get
 * @param fileType {@code general.file_type} (llama.cpp's {@code llama_ftype})
 * @param mix      whether the K-quant mix rules apply
 */
public record QuantRecipe(String name, GgmlType base, int fileType, boolean mix) {
    public static final QuantRecipe Q4_K_M = new QuantRecipe("q4_k_m", GgmlType.Q4_K, 15, true);
    public static final QuantRecipe Q5_K_M = new QuantRecipe("q5_k_m", GgmlType.Q5_K, 17, true);

    public QuantRecipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
    }

    /** Every weight {@code type} (with the shape fallbacks); {@code fileType} as llama.cpp numbers it. */
    public static QuantRecipe single(GgmlType type, int fileType) {
        return new QuantRecipe(type.name().toLowerCase(Locale.ROOT), type, fileType, false);
    }

    /**
     * The stored type of a weight.
     *
     * @param layer      the block it belongs to; ignored for the embedding and the output
     * @param layers     blocks in the model
     * @param cols       its row length ({@code ne[0]})
     * @param tiedOutput whether the model has no {@code output.weight} (the embedding then follows the
     *                   output's rule, as in llama-quantize)
     */
    public GgmlType typeOf(WeightRole role, int layer, int layers, long cols, boolean tiedOutput) {
        GgmlType chosen = mix ? mixType(role, layer, layers, cols, tiedOutput) : base;
        return fallback(chosen, cols);
    }

    private GgmlType mixType(WeightRole role, int layer, int layers, long cols, boolean tiedOutput) {
        return switch (role) {
            case OUTPUT -> outputType(cols);
            case TOKEN_EMBD -> tiedOutput ? outputType(cols) : base;
            // attn_v are counted in layer order, so the i-th attn_v is layer i's
            case ATTN_V, FFN_DOWN -> useMoreBits(layer, layers) ? GgmlType.Q6_K : base;
            default -> base;
        };
    }

    /** The output rule: Q8_0 when the row is not a whole number of the base type's blocks, else Q6_K. */
    private GgmlType outputType(long cols) {
        return cols % base.blockSize() != 0 ? GgmlType.Q8_0 : GgmlType.Q6_K;
    }

    /** llama-quantize's {@code use_more_bits}: the first and last eighth of the layers, and every third between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    /** {@code type}, or the type llama-quantize stores instead when {@code cols} is not a whole number of its blocks. */
    public static GgmlType fallback(GgmlType type, long cols) {
        if (cols % type.blockSize() == 0) {
            return type;
        }
        GgmlType instead = switch (type) {
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            case IQ4_XS -> GgmlType.IQ4_NL;
            default -> GgmlType.F16;
        };
        return cols % instead.blockSize() == 0 ? instead : GgmlType.F16;
    }
}
