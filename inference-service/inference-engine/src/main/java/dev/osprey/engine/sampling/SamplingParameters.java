package dev.osprey.engine.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How one sequence picks its tokens and when it stops, with the meanings vLLM and llama.cpp's server
 * give these fields. Every "off" value makes its step a no-op. Validated when built: a value outside
 * its range throws {@link InvalidSamplingParametersException} naming the field.
 *
 * @param temperature       divides the logits before the draw; 0 = greedy (exact argmax), &ge; 0
 * @param topK              keep the k most likely tokens; 0 = off, &ge; 0
 * @param topP              keep the smallest set of most likely tokens whose probability is &ge; p;
 *                          1 = off, in (0, 1]
 * @param minP              keep tokens whose probability is &ge; minP &times; the top token's;
 *                          0 = off, in [0, 1]
 * @param repetitionPenalty llama.cpp / CTRL style: a positive logit of a token in the penalty window
 *                          is divided by it, a negative one multiplied; 1 = off, &gt; 0
 * @param presencePenalty   OpenAI style: subtracted once from the logit of every token that occurs in
 *                          the window; 0 = off, in [-2, 2]
 * @param frequencyPenalty  OpenAI style: subtracted from a token's logit once per occurrence in the
 *                          window; 0 = off, in [-2, 2]
 * @param penaltyLastN      how many of the most recent history tokens the three penalties look at;
 *                          -1 = the whole history, 0 = penalties off; &ge; -1 (llama.cpp default 64)
 * @param seed              seeds the draw: the same seed and the same logits give the same tokens;
 *                          empty = a random seed per {@link Sampler}
 * @param stopTokenIds      token ids that end the sequence (besides the model's end-of-sequence
 *                          token, which the generation loop checks itself); each &ge; 0
 * @param stopStrings       texts that end the sequence; the output stops before the first of them
 *                          (see {@link StopStringMatcher}); none empty
 * @param logprobs          empty = no log-probabilities; n = the sampled token's log-probability and
 *                          its n most likely alternatives (vLLM's {@code logprobs}), in [0, 20]
 * @param maxTokens         at most this many generated tokens; &ge; 1 (vLLM's default 16)
 * @param logitBias         OpenAI's {@code logit_bias}: added to a token id's logit after the penalties
 *                          and before top-k, temperature and the other filters, so greedy decoding and
 *                          logprobs see it; -100 in effect bans a token, +100 forces it. Ids &ge; 0
 *                          (the {@link Sampler} checks them against its vocabulary), values finite and
 *                          in [-100, 100], at most {@value #MAX_LOGIT_BIAS} entries; empty = off
 */
public record SamplingParameters(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repetitionPenalty,
        double presencePenalty,
        double frequencyPenalty,
        int penaltyLastN,
        OptionalLong seed,
        Set<Integer> stopTokenIds,
        List<String> stopStrings,
        OptionalInt logprobs,
        int maxTokens,
        Map<Integer, Float> logitBias) {

    /** Most alternatives {@link #logprobs} may ask for, as in the OpenAI API and vLLM's default. */
    public static final int MAX_LOGPROBS = 20;
    /** llama.cpp's default penalty window. */
    public static final int DEFAULT_PENALTY_LAST_N = 64;
    /** vLLM's default {@code max_tokens}. */
    public static final int DEFAULT_MAX_TOKENS = 16;
    /** Most {@link #logitBias} entries, as in the OpenAI API. */
    public static final int MAX_LOGIT_BIAS = 300;
    /** The largest {@link #logitBias} magnitude, as in the OpenAI API. */
    public static final float MAX_LOGIT_BIAS_VALUE = 100;

    public SamplingParameters {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(stopTokenIds, "stopTokenIds");
        Objects.requireNonNull(stopStrings, "stopStrings");
        Objects.requireNonNull(logprobs, "logprobs");
        Objects.requireNonNull(logitBias, "logitBias");
        if (!(temperature >= 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw invalid("temperature", "a finite number >= 0 (0 = greedy)", temperature);
        }
        if (topK < 0) {
            throw invalid("top_k", ">= 0 (0 = off)", topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw invalid("top_p", "in (0, 1] (1 = off)", topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw invalid("min_p", "in [0, 1] (0 = off)", minP);
        }
        if (!(repetitionPenalty > 0 && repetitionPenalty < Double.POSITIVE_INFINITY)) {
            throw invalid("repetition_penalty", "a finite number > 0 (1 = off)", repetitionPenalty);
        }
        if (!(presencePenalty >= -2 && presencePenalty <= 2)) {
            throw invalid("presence_penalty", "in [-2, 2] (0 = off)", presencePenalty);
        }
        if (!(frequencyPenalty >= -2 && frequencyPenalty <= 2)) {
            throw invalid("frequency_penalty", "in [-2, 2] (0 = off)", frequencyPenalty);
        }
        if (penaltyLastN < -1) {
            throw invalid("penalty_last_n", ">= -1 (-1 = whole history, 0 = off)", penaltyLastN);
        }
        for (Integer id : stopTokenIds) {
            if (id == null || id < 0) {
                throw invalid("stop_token_ids", "token ids >= 0", id);
            }
        }
        for (int i = 0; i < stopStrings.size(); i++) {
            String stop = stopStrings.get(i);
            if (stop == null || stop.isEmpty()) {
                throw new InvalidSamplingParametersException("stop",
                        "stop must hold non-empty strings, got " + (stop == null ? "null" : "\"\"")
                                + " at index " + i);
            }
        }
        if (logprobs.isPresent() && (logprobs.getAsInt() < 0 || logprobs.getAsInt() > MAX_LOGPROBS)) {
            throw invalid("logprobs", "in [0, " + MAX_LOGPROBS + "]", logprobs.getAsInt());
        }
        if (maxTokens < 1) {
            throw invalid("max_tokens", ">= 1", maxTokens);
        }
        validateLogitBias(logitBias);
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        logitBias = Map.copyOf(logitBias);
    }

    private static void validateLogitBias(Map<Integer, Float> logitBias) {
        if (logitBias.size() > MAX_LOGIT_BIAS) {
            throw new InvalidSamplingParametersException("logit_bias", "logit_bias may hold at most " + MAX_LOGIT_BIAS
                    + " entries, got " + logitBias.size());
        }
        for (Map.Entry<Integer, Float> e : logitBias.entrySet()) {
            Integer id = e.getKey();
            Float bias = e.getValue();
            if (id == null || id < 0) {
                throw new InvalidSamplingParametersException("logit_bias",
                        "logit_bias keys must be token ids >= 0, got " + id);
            }
            if (bias == null || !(bias >= -MAX_LOGIT_BIAS_VALUE && bias <= MAX_LOGIT_BIAS_VALUE)) {
                throw new InvalidSamplingParametersException("logit_bias", "logit_bias[" + id
                        + "] must be a finite number in [-100, 100], got " + bias);
            }
        }
    }

    /** Temperature 1 and every filter and penalty off: the model's own distribution. */
    public static SamplingParameters defaults() {
        return builder().build();
    }

    /** Temperature 0: always the most likely token. */
    public static SamplingParameters greedy() {
        return builder().temperature(0).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when the draw is replaced by the argmax. */
    public boolean isGreedy() {
        return temperature == 0;
    }

    /** True when some penalty changes logits: a penalty is not neutral and the window is not empty. */
    public boolean hasPenalties() {
        return penaltyLastN != 0
                && (repetitionPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0);
    }

    public boolean isStopToken(int tokenId) {
        return !stopTokenIds.isEmpty() && stopTokenIds.contains(tokenId);
    }

    private static InvalidSamplingParametersException invalid(String field, String range, Object got) {
        return new InvalidSamplingParametersException(field, field + " must be " + range + ", got " + got);
    }

    /** Starts from {@link #defaults()}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private double temperature = 1;
        private int topK;
        private double topP = 1;
        private double minP;
        private double repetitionPenalty = 1;
        private double presencePenalty;
        private double frequencyPenalty;
        private int penaltyLastN = DEFAULT_PENALTY_LAST_N;
        private OptionalLong seed = OptionalLong.empty();
        private Collection<Integer> stopTokenIds = List.of();
        private List<String> stopStrings = List.of();
        private OptionalInt logprobs = OptionalInt.empty();
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private Map<Integer, Float> logitBias = Map.of();

        private Builder() {
        }

        private Builder(SamplingParameters p) {
            temperature = p.temperature;
            topK = p.topK;
            topP = p.topP;
            minP = p.minP;
            repetitionPenalty = p.repetitionPenalty;
            presencePenalty = p.presencePenalty;
            frequencyPenalty = p.frequencyPenalty;
            penaltyLastN = p.penaltyLastN;
            seed = p.seed;
            stopTokenIds = p.stopTokenIds;
            stopStrings = p.stopStrings;
            logprobs = p.logprobs;
            maxTokens = p.maxTokens;
            logitBias = p.logitBias;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder minP(double minP) {
            this.minP = minP;
            return this;
        }

        public Builder repetitionPenalty(double repetitionPenalty) {
            this.repetitionPenalty = repetitionPenalty;
            return this;
        }

        public Builder presencePenalty(double presencePenalty) {
            this.presencePenalty = presencePenalty;
            return this;
        }

        public Builder frequencyPenalty(double frequencyPenalty) {
            this.frequencyPenalty = frequencyPenalty;
            return this;
        }

        public Builder penaltyLastN(int penaltyLastN) {
            this.penaltyLastN = penaltyLastN;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        public Builder seed(OptionalLong seed) {
            this.seed = Objects.requireNonNull(seed, "seed");
            return this;
        }

        public Builder stopTokenIds(int... ids) {
            this.stopTokenIds = Arrays.stream(ids).boxed().toList();
            return this;
        }

        public Builder stopTokenIds(Collection<Integer> ids) {
            this.stopTokenIds = new ArrayList<>(ids);
            return this;
        }

        public Builder stopStrings(String... stops) {
            this.stopStrings = Arrays.asList(stops.clone());
            return this;
        }

        public Builder stopStrings(List<String> stops) {
            this.stopStrings = new ArrayList<>(stops);
            return this;
        }

        public Builder logprobs(int alternatives) {
            this.logprobs = OptionalInt.of(alternatives);
            return this;
        }

        public Builder logprobs(OptionalInt alternatives) {
            this.logprobs = Objects.requireNonNull(alternatives, "logprobs");
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Token id to the bias added to its logit (see {@link SamplingParameters#logitBias}). */
        public Builder logitBias(Map<Integer, Float> bias) {
            this.logitBias = new HashMap<>(Objects.requireNonNull(bias, "logitBias"));
            return this;
        }

        /** @throws InvalidSamplingParametersException if a value is outside its range */
        public SamplingParameters build() {
            return new SamplingParameters(temperature, topK, topP, minP, repetitionPenalty,
                    presencePenalty, frequencyPenalty, penaltyLastN, seed, new HashSet<>(stopTokenIds),
                    stopStrings, logprobs, maxTokens, logitBias);
        }
    }
}
