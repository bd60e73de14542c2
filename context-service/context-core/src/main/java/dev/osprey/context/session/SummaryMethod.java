package dev.osprey.context.session;

import java.util.Locale;

/** How a {@link Summary} was made: by the serving model, or by extracting sentences without one. */
public enum SummaryMethod {
    MODEL, EXTRACTIVE;

    /** {@code "model"} or {@code "extractive"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the field {@code method} when it is neither
     */
    public static SummaryMethod of(String name) {
        for (SummaryMethod method : values()) {
            if (name != null && method.wireName().equalsIgnoreCase(name.strip())) {
                return method;
            }
        }
        throw new IllegalArgumentException("method: unknown summary method '" + name
                + "' (expected model or extractive)");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
