package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgmlType;
import java.util.Locale;
import java.util.Map;

/** {@code SHAPE:TYPE}, e.g. {@code qwen2-0.5b:q8_0}: a preset shape with every 2-D weight in one type. */
public record SyntheticSpec(SyntheticShape shape, GgmlType type) {

    private static final Map<String, GgmlType> TYPES = Map.of(
            "f32", GgmlType.F32, "f16", GgmlType.F16, "bf16", GgmlType.BF16, "q8_0", GgmlType.Q8_0,
            "q4_0", GgmlType.Q4_0, "q4_k", GgmlType.Q4_K, "q5_k", GgmlType.Q5_K, "q6_k", GgmlType.Q6_K);

    /** @throws IllegalArgumentException for a malformed spec, an unknown shape or type */
    public static SyntheticSpec parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("synthetic model '" + spec + "' is not SHAPE:TYPE, e.g. qwen2-0.5b:q8_0");
        }
        String typeName = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
        GgmlType type = TYPES.get(typeName);
        if (type == null) {
            throw new IllegalArgumentException("unknown synthetic tensor type '" + typeName
                    + "' (known: f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k)");
        }
        return new SyntheticSpec(SyntheticShape.preset(spec.substring(0, colon)), type);
    }

    /** The spec as a file-name-safe string, e.g. {@code qwen2-0.5b-q8_0}. */
    public String fileStem() {
        return shape.name() + "-" + type.name().toLowerCase(Locale.ROOT);
    }
}
