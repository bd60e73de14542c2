package dev.osprey.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The architectures the engine can run, by {@code general.architecture}. */
public final class Architectures {
    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        register(new Architecture("llama", RopeType.NORM, BlockShape.LLAMA));
        register(new Architecture("mistral", RopeType.NORM, BlockShape.LLAMA));
        register(new Architecture("qwen2", RopeType.NEOX,
                new BlockShape(NormKind.RMS, FeedForwardKind.SWIGLU, false, true)));
        register(new Architecture("qwen3", RopeType.NEOX,
                new BlockShape(NormKind.RMS, FeedForwardKind.SWIGLU, true, false)));
        register(new Architecture("starcoder2", RopeType.NEOX,
                new BlockShape(NormKind.LAYER, FeedForwardKind.GELU, false, true)));
    }

    private Architectures() {
    }

    private static void register(Architecture a) {
        BY_NAME.put(a.name(), a);
    }

    /** @throws UnsupportedArchitectureException naming {@code name} and what is supported */
    public static Architecture forName(String name) {
        Architecture a = BY_NAME.get(name);
        if (a == null) {
            throw new UnsupportedArchitectureException(name, BY_NAME.keySet());
        }
        return a;
    }
}
