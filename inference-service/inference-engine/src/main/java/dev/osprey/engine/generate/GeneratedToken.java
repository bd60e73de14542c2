package dev.osprey.engine.generate;

import dev.osprey.engine.sampling.TokenLogprobs;
import java.util.List;

/**
 * One sampled token as it streams out.
 *
 * @param id        the token id
 * @param text      text released with this token (may be empty: an incomplete UTF-8 character, or a
 *                  tail that could still become a stop string, is held back)
 * @param logprobs  log-probabilities, when the sampling parameters asked for them, else null
 * @param topLogits the highest raw logits of this step, descending, when asked for, else empty
 */
public record GeneratedToken(int id, String text, TokenLogprobs logprobs, List<ScoredToken> topLogits) {

    public GeneratedToken {
        topLogits = List.copyOf(topLogits);
    }

    /** A token id with its raw logit. */
    public record ScoredToken(int id, float logit) {
    }
}
