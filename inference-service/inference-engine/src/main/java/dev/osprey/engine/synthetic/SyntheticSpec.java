package dev.osprey.engine.synthetic;

import dev.osprey.engine.tensor.quant.Quantizers;
import dev.osprey.gguf.GgmlType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A synthetic model and how its 2-D weights are quantized, written {@code NAME:TYPE}, e.g.
 * {@code qwen2-0.5b:q8_0} or {@code qwen2-1.5b:q4_k_m}. Types: f32, f16, bf16, every quantized type with
 * a reference quantizer (q8_0, q4_0, q4_1, q5_0, q5_1, q2_k … q6_k, iq4_nl, iq4_xs), and the K-quant mixes
 * q4_k_m and q5_k_m ({@link QuantRecipe}).
 */
public record SyntheticSpec(SyntheticModel model, QuantRecipe recipe) {
    /** {@code general.file_type} of each single type ({@code llama_ftype}: MOSTLY_*; K-quants the _S variant). */
    private static final Map<GgmlType, Integer> FILE_TYPES = new EnumMap<>(Map.ofEntries(
            Map.entry(GgmlType.F32, 0), Map.entry(GgmlType.F16, 1), Map.entry(GgmlType.Q4_0, 2),
            Map.entry(GgmlType.Q4_1, 3), Map.entry(GgmlType.Q8_0, 7), Map.entry(GgmlType.Q5_0, 8),
            Map.entry(GgmlType.Q5_1, 9), Map.entry(GgmlType.Q2_K, 10), Map.entry(GgmlType.Q3_K, 11),
            Map.entry(GgmlType.Q4_K, 14), Map.entry(GgmlType.Q5_K, 16), Map.entry(GgmlType.Q6_K, 18),
            Map.entry(GgmlType.IQ4_NL, 25), Map.entry(GgmlType.IQ4_XS, 30), Map.entry(GgmlType.BF16, 32)));
    private static final List<QuantRecipe> MIXES = List.of(QuantRecipe.Q4_K_M, QuantRecipe.Q5_K_M);

    public SyntheticSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(recipe, "recipe");
        if (!recipes().containsValue(recipe)) {
            throw new IllegalArgumentException("synthetic models come in " + String.join(", ", recipes().keySet())
                    + ", not " + recipe.name());
        }
    }

    /** Every weight {@code type} (with llama-quantize's shape fallbacks). */
    public SyntheticSpec(SyntheticModel model, GgmlType type) {
        this(model, single(type));
    }

    private static QuantRecipe single(GgmlType type) {
        Integer fileType = FILE_TYPES.get(type);
        if (fileType == null || !Quantizers.supportedTypes().contains(type)) {
            throw new IllegalArgumentException("synthetic models come in " + String.join(", ", recipes().keySet())
                    + ", not " + type);
        }
        return QuantRecipe.single(type, fileType);
    }

    /** The recipes this build can write, by name: single types with a reference quantizer, then the mixes. */
    static Map<String, QuantRecipe> recipes() {
        Map<String, QuantRecipe> all = new LinkedHashMap<>();
        FILE_TYPES.forEach((type, fileType) -> {
            if (Quantizers.supportedTypes().contains(type)) {
                QuantRecipe r = QuantRecipe.single(type, fileType);
                all.put(r.name(), r);
            }
        });
        for (QuantRecipe mix : MIXES) {
            all.put(mix.name(), mix);
        }
        return all;
    }

    /** The type most weights get. */
    public GgmlType type() {
        return recipe.base();
    }

    /**
     * Parses {@code NAME:TYPE}; the type is case-insensitive.
     *
     * @throws IllegalArgumentException for a malformed spec, an unknown preset or an unknown type,
     *                                  listing what is known
     */
    public static SyntheticSpec parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("synthetic model spec '" + spec + "' is not NAME:TYPE, e.g. qwen2-0.5b:q8_0");
        }
        SyntheticModel model = SyntheticModel.preset(spec.substring(0, colon));
        String typeName = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
        QuantRecipe recipe = recipes().get(typeName);
        if (recipe == null) {
            throw new IllegalArgumentException("unknown synthetic model type '" + spec.substring(colon + 1)
                    + "' in '" + spec + "'; known: " + String.join(", ", recipes().keySet()));
        }
        return new SyntheticSpec(model, recipe);
    }

    /** {@code NAME:TYPE}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return model.name() + ":" + recipe.name();
    }
}
