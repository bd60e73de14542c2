package dev.osprey.engine.serve;

import dev.osprey.engine.sampling.TokenLogprobs;

/**
 * One sampled token as it streams out of the engine.
 *
 * @param id       token id
 * @param text     text released with this token; may be empty (an incomplete UTF-8 character, or a
 *                 tail that could still become a stop string, is held back)
 * @param logprobs log-probabilities when the request asked for them, else null
 */
public record StreamedToken(int id, String text, TokenLogprobs logprobs) {
}
