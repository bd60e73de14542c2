package dev.osprey.engine.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The log-probability of one generated token and of its most likely alternatives.
 *
 * <p>Which distribution: the full softmax over the whole vocabulary of the logits <em>after</em>
 * penalties and logit bias and <em>before</em> temperature, top-k, top-p and min-p. With penalties off (the default)
 * that is the model's raw distribution, which is what vLLM reports by default
 * ({@code logprobs_mode=raw_logprobs}); with penalties on, vLLM's raw mode would ignore them and
 * this does not. The values do not depend on the seed or on the filters, so a greedy and a sampled
 * run report the same number for the same token.
 *
 * @param tokenId the sampled token
 * @param logprob its natural-log probability, &le; 0
 * @param rank    its 1-based place in the vocabulary ranked by logit, ties to the lower id
 *                (1 = the argmax)
 * @param top     the most likely tokens, best first, as many as {@link SamplingParameters#logprobs}
 *                asked for (fewer only if the vocabulary is smaller); may include {@code tokenId}
 */
public record TokenLogprobs(int tokenId, double logprob, int rank, List<Alternative> top) {

    public TokenLogprobs {
        top = List.copyOf(Objects.requireNonNull(top, "top"));
    }

    /** One of the most likely tokens at a step. */
    public record Alternative(int tokenId, double logprob) {
    }

    /**
     * Log-probabilities of {@code tokenId} and the {@code topN} best tokens under the softmax of
     * {@code logits[offset, offset + vocabSize)}, computed stably via log-sum-exp. Allocates; a
     * {@link Sampler} uses its own buffers instead.
     */
    public static TokenLogprobs of(float[] logits, int offset, int vocabSize, int tokenId, int topN) {
        Objects.checkFromIndexSize(offset, vocabSize, logits.length);
        Objects.checkIndex(tokenId, vocabSize);
        return compute(logits, offset, vocabSize, tokenId, topN, new TopSelection(),
                new int[Math.min(Math.max(topN, 0), vocabSize)]);
    }

    /**
     * {@code log(sum(exp(logits[offset, offset + n))))} without overflow: the maximum is factored
     * out before exponentiating. {@code -Infinity} when every logit is {@code -Infinity}.
     */
    public static double logSumExp(float[] logits, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            max = Math.max(max, logits[i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = offset; i < offset + n; i++) {
            sum += Math.exp((double) logits[i] - max);
        }
        return max + Math.log(sum);
    }

    /** {@code topIds} has room for {@code min(topN, vocabSize)} ids. */
    static TokenLogprobs compute(float[] logits, int offset, int vocabSize, int tokenId, int topN,
                                 TopSelection selection, int[] topIds) {
        double logZ = logSumExp(logits, offset, vocabSize);
        float chosen = logits[offset + tokenId];
        int ahead = 0;
        for (int i = 0; i < vocabSize; i++) {
            float v = logits[offset + i];
            if (v > chosen || (v == chosen && i < tokenId)) {
                ahead++;
            }
        }
        int n = selection.select(logits, offset, null, vocabSize, topN, topIds);
        List<Alternative> top = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            top.add(new Alternative(topIds[i], logits[offset + topIds[i]] - logZ));
        }
        return new TokenLogprobs(tokenId, chosen - logZ, ahead + 1, top);
    }
}
