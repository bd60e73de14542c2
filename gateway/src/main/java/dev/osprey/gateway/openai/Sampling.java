package dev.osprey.gateway.openai;

import java.util.List;
import java.util.Map;

/**
 * Sampling fields shared by every generation endpoint, validated; null means "not given" (the
 * inference service's default applies). {@code logprobs}: null = none, k = the sampled token's
 * log-probability and its k most likely alternatives. {@code logitBias}: bias by token id (OpenAI's
 * {@code logit_bias}), empty when none.
 */
public record Sampling(Integer maxTokens, Double temperature, Double topP, int topK, double minP,
                       Double repetitionPenalty, double presencePenalty, double frequencyPenalty, Long seed,
                       List<String> stop, Integer logprobs, boolean ignoreEos,
                       Map<Integer, Float> logitBias) {

    public static final int MAX_STOP_STRINGS = 16;
    public static final int MAX_LOGPROBS = 20;

    public Sampling {
        stop = List.copyOf(stop);
        logitBias = Map.copyOf(logitBias);
    }

    public Sampling withMaxTokens(Integer value) {
        return new Sampling(value, temperature, topP, topK, minP, repetitionPenalty, presencePenalty,
                frequencyPenalty, seed, stop, logprobs, ignoreEos, logitBias);
    }

    public Sampling withSeed(Long value) {
        return new Sampling(maxTokens, temperature, topP, topK, minP, repetitionPenalty, presencePenalty,
                frequencyPenalty, value, stop, logprobs, ignoreEos, logitBias);
    }

    /**
     * Reads the fields every endpoint shares; {@code maxTokensFields} lists the names accepted for the
     * output limit, first match wins ({@code max_completion_tokens}, {@code max_tokens}, llama.cpp's
     * {@code n_predict}). {@code logprobs} is read by the caller, whose endpoints spell it differently.
     */
    static Sampling read(JsonFields f, Integer logprobs, String... maxTokensFields) {
        Integer maxTokens = null;
        for (String field : maxTokensFields) {
            var v = f.integer(field, 1, Integer.MAX_VALUE);
            if (v.isPresent() && maxTokens == null) {
                maxTokens = v.getAsInt();
            }
        }
        var temperature = f.number("temperature", 0, 2);
        var topP = f.number("top_p", 0, 1);
        if (topP.isPresent() && topP.getAsDouble() == 0) {
            throw ApiException.outOfRange("top_p", "must be in (0, 1], but got 0 instead.");
        }
        var repetition = f.number("repetition_penalty", 0, 100);
        if (repetition.isPresent() && repetition.getAsDouble() == 0) {
            throw ApiException.outOfRange("repetition_penalty", "must be in (0, 100], but got 0 instead.");
        }
        var seed = f.longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        int topK = Math.max(0, f.integer("top_k", -1, Integer.MAX_VALUE).orElse(0)); // -1: off, as in vLLM
        return new Sampling(maxTokens,
                temperature.isPresent() ? temperature.getAsDouble() : null,
                topP.isPresent() ? topP.getAsDouble() : null,
                topK,
                f.number("min_p", 0, 1).orElse(0),
                repetition.isPresent() ? repetition.getAsDouble() : null,
                f.number("presence_penalty", -2, 2).orElse(0),
                f.number("frequency_penalty", -2, 2).orElse(0),
                seed.isPresent() ? seed.getAsLong() : null,
                f.stringOrStrings("stop", MAX_STOP_STRINGS),
                logprobs,
                f.bool("ignore_eos", false),
                LogitBias.read(f));
    }
}
