package dev.osprey.context.window;

import java.util.List;

/** Chooses each request's window from its task's tiers, the model's context and the output it asks for. */
public final class WindowPolicy {
    private final WindowTiers tiers;

    public WindowPolicy(WindowTiers tiers) {
        this.tiers = tiers;
    }

    /**
     * @param contextLength  the model's context (tokens)
     * @param outputTokens   the request's max output tokens, always reserved
     * @param wantedInput    tokens the prompt would take with every candidate item
     * @param requiredInput  tokens the prompt cannot do without (the latest message, the system prompt)
     * @throws ContextOverflowException if the output reservation plus the required input exceed the context
     */
    public Window choose(Task task, int contextLength, int outputTokens, int wantedInput, int requiredInput) {
        if (outputTokens <= 0) {
            throw new IllegalArgumentException("max output tokens must be positive, got " + outputTokens);
        }
        if (outputTokens + requiredInput > contextLength) {
            throw new ContextOverflowException("the request needs " + requiredInput + " prompt tokens plus "
                    + outputTokens + " output tokens, more than the model's context of " + contextLength);
        }
        List<Integer> sizes = tiers.of(task);
        int wanted = outputTokens + Math.max(wantedInput, requiredInput);
        int chosen = -1;
        for (int size : sizes) {
            if (size >= wanted) {
                chosen = size;
                break;
            }
        }
        String reason;
        if (chosen < 0) {
            chosen = sizes.getLast();
            reason = task + " tier " + chosen + " (the largest; " + wanted + " tokens wanted)";
        } else {
            reason = task + " tier " + chosen + " (smallest holding " + wanted + " tokens)";
        }
        if (chosen < outputTokens + requiredInput) {
            chosen = outputTokens + requiredInput;
            reason = "grown to " + chosen + " tokens to hold the required prompt and the output";
        }
        if (chosen > contextLength) {
            chosen = contextLength;
            reason += ", capped at the model's context of " + contextLength;
        }
        return new Window(chosen, chosen - outputTokens, outputTokens, reason);
    }
}
