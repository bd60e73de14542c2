package dev.osprey.engine.generate;

import dev.osprey.engine.sampling.FinishReason;
import java.util.List;

/**
 * What a finished generation produced.
 *
 * @param tokens           generated tokens, in order (a stop token itself is not included)
 * @param text             all released text (stop string excluded)
 * @param finishReason     why it stopped
 * @param promptTokens     tokens in the prompt
 * @param promptNanos      time to process the prompt and sample the first token
 * @param generationNanos  time for the remaining tokens
 */
public record GenerationResult(List<GeneratedToken> tokens, String text, FinishReason finishReason,
                               int promptTokens, long promptNanos, long generationNanos) {

    public GenerationResult {
        tokens = List.copyOf(tokens);
    }

    public int[] ids() {
        return tokens.stream().mapToInt(GeneratedToken::id).toArray();
    }
}
