package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;

/**
 * Usage over a response: prompt tokens once per prompt (not per choice), completion tokens over all
 * choices, cached tokens as the first choice of each prompt reported them.
 */
final class UsageTally {
    private final Prepared prepared;
    private long completionTokens;
    private long cachedTokens;

    UsageTally(Prepared prepared) {
        this.prepared = prepared;
    }

    void add(ChoiceEvent.End end) {
        add(end.index(), end.usage());
    }

    /** Choice {@code index}'s usage. */
    void add(int index, ChoiceEvent.Usage usage) {
        completionTokens += usage.completionTokens();
        if (index % prepared.n() == 0) {
            cachedTokens += usage.cachedPromptTokens();
        }
    }

    long promptTokens() {
        return prepared.promptTokens();
    }

    long completionTokens() {
        return completionTokens;
    }

    tools.jackson.databind.node.ObjectNode json() {
        return UsageJson.of(promptTokens(), completionTokens, cachedTokens);
    }
}
