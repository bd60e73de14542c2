package dev.osprey.engine.serve;

import dev.osprey.engine.sampling.SamplingParameters;
import java.time.Instant;
import java.util.Objects;

/**
 * One generation for the {@link InferenceEngine}.
 *
 * @param id             caller's request id, unique among live requests (used by {@link InferenceEngine#cancel})
 * @param prompt         token ids, at least one
 * @param sampling       validated sampling parameters (max tokens, stops, seed, logprobs, ...)
 * @param priority       scheduling class
 * @param deadline       when the request is abandoned with {@code DEADLINE}, or null for none
 * @param cacheNamespace prefix-cache blocks are shared only between requests with equal namespaces
 *                       (e.g. a tenant); null or empty for the shared one
 * @param ignoreEos      keep generating past the vocabulary's end-of-generation tokens
 */
public record GenerationRequest(String id, int[] prompt, SamplingParameters sampling, Priority priority,
                                Instant deadline, String cacheNamespace, boolean ignoreEos) {

    public GenerationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(priority, "priority");
        prompt = prompt.clone();
        cacheNamespace = cacheNamespace == null ? "" : cacheNamespace;
    }

    /** An interactive request without deadline in the shared cache namespace. */
    public static GenerationRequest of(String id, int[] prompt, SamplingParameters sampling) {
        return new GenerationRequest(id, prompt, sampling, Priority.INTERACTIVE, null, "", false);
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    int promptLength() {
        return prompt.length;
    }

    int promptToken(int i) {
        return prompt[i];
    }
}
