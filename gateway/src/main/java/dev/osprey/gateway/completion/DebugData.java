package dev.osprey.gateway.completion;

import dev.osprey.api.v1.PlanDecision;
import dev.osprey.api.v1.PlanItem;
import dev.osprey.api.v1.PlanTimings;
import dev.osprey.api.v1.PlannedSnippet;
import dev.osprey.api.v1.PromptPlan;
import java.time.Duration;
import java.util.List;

/**
 * How one prompt was made, for {@code debug_data} (Tabby's names): the repository snippets in it, in prompt order,
 * with why each was chosen; the prompt as text; and the window it was cut to.
 *
 * @param snippets the snippets (empty unless asked for, or when the prompt was not planned with a repository)
 * @param prompt   the prompt with special tokens rendered, or null when not asked for
 * @param window   the window, or null for a prompt that was not planned (a plain completion)
 * @param planning how long the gateway waited for the context service's plan (retrieval, planning, tokenization
 *                 and the call), or null for a prompt that was not planned
 * @param timings  the context service's own split of that wait (retrieval, prompt building), or null for a prompt
 *                 that was not planned
 */
public record DebugData(List<PlannedSnippet> snippets, String prompt, Window window, Duration planning,
                        PlanTimings timings) {

    public DebugData {
        snippets = List.copyOf(snippets);
    }

    /**
     * @param tier    the window's size in tokens, prompt and output
     * @param tokens  the prompt's tokens
     * @param dropped the plan's items left out of the prompt, each with its reason
     */
    public record Window(int tier, int tokens, List<PlanItem> dropped) {
        public Window {
            dropped = List.copyOf(dropped);
        }
    }

    /** What {@code plan}, made in {@code planning}, shows: snippets when {@code withSnippets}, the prompt text when not null. */
    static DebugData of(PromptPlan plan, Duration planning, boolean withSnippets, String prompt) {
        List<PlanItem> dropped = plan.getItemsList().stream().filter(i -> i.getDecision() == PlanDecision.DROPPED)
                .toList();
        return new DebugData(withSnippets ? plan.getSnippetsList() : List.of(), prompt,
                new Window(plan.getWindow().getTotalTokens(), plan.getTokenIdsCount(), dropped), planning,
                plan.hasTimings() ? plan.getTimings() : null);
    }
}
