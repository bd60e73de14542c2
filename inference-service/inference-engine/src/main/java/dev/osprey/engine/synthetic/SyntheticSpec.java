package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgmlType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A synthetic model and the ggml type of its 2-D weights, written {@code NAME:TYPE}, e.g.
 * {@code qwen2-0.5b:q8_0}. Types: f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k.
 */
public record SyntheticSpec(SyntheticModel model, GgmlType type) {
    private static final Map<String, GgmlType> TYPES = new LinkedHashMap<>();

    static {
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
                GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K}) {
            TYPES.put(t.name().toLowerCase(Locale.ROOT), t);
        }
    }

    public SyntheticSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(type, "type");
        if (!TYPES.containsValue(type)) {
            throw new IllegalArgumentException("synthetic models come in " + String.join(", ", TYPES.keySet())
                    + ", not " + type);
        }
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
        GgmlType type = TYPES.get(typeName);
        if (type == null) {
            throw new IllegalArgumentException("unknown synthetic model type '" + spec.substring(colon + 1)
                    + "' in '" + spec + "'; known: " + String.join(", ", TYPES.keySet()));
        }
        return new SyntheticSpec(model, type);
    }

    /** {@code NAME:TYPE}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return model.name() + ":" + type.name().toLowerCase(Locale.ROOT);
    }
}
