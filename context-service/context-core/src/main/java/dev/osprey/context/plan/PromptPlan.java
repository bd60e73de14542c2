package dev.osprey.context.plan;

import dev.osprey.context.compaction.CompactionMethod;
import dev.osprey.context.window.Window;
import java.util.List;

/**
 * The prompt to send and how it was assembled.
 *
 * @param tokenIds   the model's input, within {@code window.inputBudget()}
 * @param window     the window chosen for the request
 * @param items      every candidate item with its decision, in priority order
 * @param compaction how older turns beyond the budget were compacted, if any were
 * @param stopIds    token ids that should end generation for this prompt (FIM end-of-middle, ...); may be empty
 * @param snippets   the repository snippets in the prompt, in prompt order, each as sent (cut, or its skeleton)
 */
public record PromptPlan(int[] tokenIds, Window window, List<PlanItem> items, CompactionMethod compaction,
                         int[] stopIds, List<Snippet> snippets) {

    public PromptPlan {
        tokenIds = tokenIds.clone();
        items = List.copyOf(items);
        stopIds = stopIds.clone();
        snippets = List.copyOf(snippets);
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    @Override
    public int[] stopIds() {
        return stopIds.clone();
    }
}
