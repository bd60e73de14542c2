package dev.osprey.context.window;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The window sizes (tokens, prompt plus output) each task may use, ascending. A request gets the
 * smallest tier that holds what it would like to send plus its output reservation, at most its task's
 * largest tier and the model's context length.
 */
public record WindowTiers(Map<Task, List<Integer>> tiers) {

    public WindowTiers {
        Objects.requireNonNull(tiers, "tiers");
        EnumMap<Task, List<Integer>> copy = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            List<Integer> sizes = tiers.get(task);
            if (sizes == null || sizes.isEmpty()) {
                throw new IllegalArgumentException("window tiers for " + task + " are missing");
            }
            for (int i = 0; i < sizes.size(); i++) {
                if (sizes.get(i) <= 0 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                    throw new IllegalArgumentException("window tiers for " + task + " must be positive and ascending: "
                            + sizes);
                }
            }
            copy.put(task, List.copyOf(sizes));
        }
        tiers = Map.copyOf(copy);
    }

    /**
     * Defaults in the spirit of today's clients: completion prompts of 1–4K tokens (Continue sends
     * 1–2K, Tabby about 1.5K characters), chat 4–8K, chat about a repository 8–32K.
     */
    public static WindowTiers defaults() {
        return new WindowTiers(Map.of(
                Task.INFILL, List.of(1024, 2048, 4096),
                Task.CHAT, List.of(4096, 8192),
                Task.REPOSITORY_CHAT, List.of(8192, 16384, 32768)));
    }

    public List<Integer> of(Task task) {
        return tiers.get(task);
    }
}
