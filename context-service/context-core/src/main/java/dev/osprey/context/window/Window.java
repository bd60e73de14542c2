package dev.osprey.context.window;

/**
 * The context window chosen for one request.
 *
 * @param totalTokens  prompt plus output
 * @param inputBudget  tokens the prompt may take: {@code totalTokens - outputTokens}
 * @param outputTokens reserved for the answer (the request's max output tokens)
 * @param reason       how it was chosen, for the plan's provenance
 */
public record Window(int totalTokens, int inputBudget, int outputTokens, String reason) {
}
