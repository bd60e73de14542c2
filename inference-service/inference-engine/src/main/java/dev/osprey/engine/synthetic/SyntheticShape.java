package dev.osprey.engine.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact shape of a real model, for seeded random-weight benchmark models.
 *
 * @param tiedOutput no {@code output.weight}; logits use the token embedding
 * @param qkvBias    q/k/v projections carry biases (Qwen2)
 */
public record SyntheticShape(String name, String architecture, int layers, int dim, int heads, int kvHeads,
                             int ffn, int vocab, double ropeTheta, float rmsEps, boolean tiedOutput,
                             boolean qkvBias, int contextLength) {

    private static final Map<String, SyntheticShape> PRESETS = new LinkedHashMap<>();

    static {
        // Qwen2.5-0.5B / Qwen2.5-Coder-0.5B
        preset(new SyntheticShape("qwen2-0.5b", "qwen2", 24, 896, 14, 2, 4864, 151936, 1e6, 1e-6f, true, true, 32768));
        // Llama-3.2-1B
        preset(new SyntheticShape("llama-1b", "llama", 16, 2048, 32, 8, 8192, 128256, 500000, 1e-5f, true, false, 131072));
        // Qwen2.5-7B / Qwen2.5-Coder-7B
        preset(new SyntheticShape("qwen2-7b", "qwen2", 28, 3584, 28, 4, 18944, 152064, 1e6, 1e-6f, false, true, 32768));
    }

    private static void preset(SyntheticShape s) {
        PRESETS.put(s.name(), s);
    }

    /** @throws IllegalArgumentException naming the known presets */
    public static SyntheticShape preset(String name) {
        SyntheticShape s = PRESETS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown synthetic shape '" + name + "' (known: "
                    + String.join(", ", PRESETS.keySet()) + ")");
        }
        return s;
    }

    public int headDim() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }
}
