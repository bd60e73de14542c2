package dev.osprey.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The architectures the engine can run, by {@code general.architecture}. */
public final class Architectures {
    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        register(new Architecture("llama", RopeType.NORM, false));
        register(new Architecture("mistral", RopeType.NORM, false));
        register(new Architecture("qwen2", RopeType.NEOX, true));
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
