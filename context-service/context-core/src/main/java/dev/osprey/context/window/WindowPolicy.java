package dev.osprey.context.window;

import java.util.List;
import java.util.function.IntPredicate;

/** Chooses each request's window from its task's tiers, the model's context and the output it asks for. */
public final class WindowPolicy {
    private final WindowTiers tiers;

    public WindowPolicy(WindowTiers tiers) {
        this.tiers = tiers;
    }

    /** The largest window {@code task} may get from a model of {@code contextLength} tokens (its required input aside). */
    public int largest(Task task, int contextLength) {
        return Math.min(tiers.of(task).getLast(), contextLength);
    }

    /**
     * The smallest tier that holds every candidate item.
     *
     * @param contextLength  the model's context (tokens)
     * @param outputTokens   the request's max output tokens, always reserved
     * @param wantedInput    tokens the prompt would take with every candidate item
     * @param requiredInput  tokens the prompt cannot do without (the latest message, the system prompt)
     * @throws ContextOverflowException if the output reservation plus the required input exceed the context
     */
    public Window choose(Task task, int contextLength, int outputTokens, int wantedInput, int requiredInput) {
        int wanted = outputTokens + Math.max(wantedInput, requiredInput);
        return chooseFirst(task, contextLength, outputTokens, requiredInput, input -> outputTokens + input >= wanted,
                wanted + " tokens");
    }

    /**
     * The smallest tier whose input budget {@code holds} what the request needs (the definitions the code at a
     * cursor uses, say), else the largest; capped at the model's context, grown to the required input.
     *
     * @param holds  whether an input budget (tokens) is enough
     * @param needed what {@code holds} tests, for the window's reason ({@code "5 needed definitions (812 tokens)"})
     * @throws ContextOverflowException if the output reservation plus the required input exceed the context
     */
    public Window chooseFirst(Task task, int contextLength, int outputTokens, int requiredInput, IntPredicate holds,
                              String needed) {
        if (outputTokens <= 0) {
            throw new IllegalArgumentException("max output tokens must be positive, got " + outputTokens);
        }
        if (outputTokens + requiredInput > contextLength) {
            throw new ContextOverflowException("the request needs " + requiredInput + " prompt tokens plus "
                    + outputTokens + " output tokens, more than the model's context of " + contextLength);
        }
        List<Integer> sizes = tiers.of(task);
        int chosen = -1;
        for (int size : sizes) {
            int usable = Math.min(size, contextLength);
            if (usable > outputTokens && holds.test(usable - outputTokens)) {
                chosen = size;
                break;
            }
        }
        String reason;
        if (chosen < 0) {
            chosen = sizes.getLast();
            reason = task + " tier " + chosen + " (the largest; " + needed + " wanted)";
        } else {
            reason = task + " tier " + chosen + " (smallest holding " + needed + ")";
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
