package dev.osprey.engine.sampling;

import dev.osprey.engine.EngineException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Picks the next token of one sequence from its logits row, in the order of llama.cpp's default
 * sampler chain:
 *
 * <ol>
 *   <li>penalties (repetition, presence, frequency) over the last {@code penaltyLastN} history tokens;
 *   <li>top-k;
 *   <li>temperature 0: the argmax, ties to the lower id; no random draw;
 *   <li>top-p, then min-p, both on the temperature-free probabilities of the top-k survivors;
 *   <li>temperature, softmax over the survivors, and a draw from a seeded {@link RandomGenerator}.
 * </ol>
 *
 * Temperature comes after the filters, as in llama.cpp; vLLM applies it before top-k/top-p, so with
 * temperature &ne; 1 the two keep different sets for the same top-p.
 *
 * <p>Cost per call at vocabulary V: one copy of the row, O(window) for penalties, one pass for the
 * argmax, O(V log k) for top-k; top-p without top-k selects a growing top prefix (256, 1024, ...)
 * instead of sorting V; softmax exponentiates only the survivors. Scratch buffers live in the
 * instance, so a call allocates nothing unless logprobs were asked for.
 *
 * <p>One sampler per sequence: it holds the sequence's random state. Not thread-safe.
 */
public final class Sampler {
    private static final int FIRST_TOP_P_PREFIX = 256;

    private final SamplingParameters params;
    private final int vocabSize;
    private final long seed;
    private final RandomGenerator random;
    private final TopSelection selection = new TopSelection();
    private final float[] work;    // (vocabSize) the current row after penalties
    private int[] counts;          // (vocabSize) occurrences in the penalty window; all 0 between calls
    private int[] candidates;      // surviving token ids, by rank once sorted
    private int[] ranked;          // top-p: the best of an unsorted candidate set, best first
    private float[] weights;       // (per candidate) exp((logit - max) / temperature)
    private int[] topIds;          // (logprobs) alternatives, best first
    private TokenLogprobs lastLogprobs;

    /**
     * @param vocabSize the length of a logits row; history ids must lie in {@code [0, vocabSize)}
     */
    public Sampler(SamplingParameters params, int vocabSize) {
        this.params = Objects.requireNonNull(params, "params");
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size must be at least 1, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
        this.seed = params.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
        this.random = new SplittableRandom(seed);
        this.work = new float[vocabSize];
    }

    public SamplingParameters parameters() {
        return params;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** The seed in use: the parameters' seed, or the random one drawn for this sampler. */
    public long seed() {
        return seed;
    }

    /** {@link #sample(float[], int, int[], int)} with an empty history: no penalties apply. */
    public int sample(float[] logits, int offset) {
        return sample(logits, offset, new int[0], 0);
    }

    /**
     * Chooses the next token. Called once per generated token; the row is not modified.
     *
     * @param logits        the row is {@code logits[offset, offset + vocabSize)}; no NaN, no
     *                      {@code +Infinity}, at least one finite value ({@code -Infinity} masks a
     *                      token)
     * @param history       the sequence's tokens so far, oldest first, in {@code [0, historyLength)};
     *                      penalties look at its last {@code penaltyLastN}. Whether the prompt belongs
     *                      to it is the caller's choice (llama.cpp's server includes it)
     * @return the chosen token id
     * @throws EngineException if the row has NaN, {@code +Infinity} or no finite value
     */
    public int sample(float[] logits, int offset, int[] history, int historyLength) {
        Objects.checkFromIndexSize(offset, vocabSize, logits.length);
        Objects.checkFromIndexSize(0, historyLength, history.length);
        float[] l = work;
        System.arraycopy(logits, offset, l, 0, vocabSize);
        if (params.hasPenalties()) {
            applyPenalties(history, historyLength);
        }
        int best = argmax(l);
        int token = params.isGreedy() ? best : draw(l[best]);
        if (params.logprobs().isPresent()) {
            int n = Math.min(params.logprobs().getAsInt(), vocabSize);
            if (topIds == null) {
                topIds = new int[n];
            }
            lastLogprobs = TokenLogprobs.compute(l, 0, vocabSize, token, n, selection, topIds);
        }
        return token;
    }

    /**
     * The log-probabilities of the token the last {@link #sample} call returned.
     *
     * @throws IllegalStateException if the parameters asked for no logprobs or nothing was sampled
     */
    public TokenLogprobs lastLogprobs() {
        if (params.logprobs().isEmpty()) {
            throw new IllegalStateException("logprobs were not requested in the sampling parameters");
        }
        if (lastLogprobs == null) {
            throw new IllegalStateException("no token has been sampled yet");
        }
        return lastLogprobs;
    }

    private void applyPenalties(int[] history, int historyLength) {
        int lastN = params.penaltyLastN();
        int from = lastN < 0 ? 0 : Math.max(0, historyLength - lastN);
        for (int i = from; i < historyLength; i++) {
            Objects.checkIndex(history[i], vocabSize);
        }
        if (counts == null) {
            counts = new int[vocabSize];
        }
        int[] c = counts;
        for (int i = from; i < historyLength; i++) {
            c[history[i]]++;
        }
        double repetition = params.repetitionPenalty();
        double presence = params.presencePenalty();
        double frequency = params.frequencyPenalty();
        float[] l = work;
        for (int i = from; i < historyLength; i++) {
            int t = history[i];
            int count = c[t];
            if (count == 0) {
                continue; // already penalised
            }
            c[t] = 0;
            double v = l[t];
            v = v <= 0 ? v * repetition : v / repetition;
            l[t] = (float) (v - count * frequency - presence);
        }
    }

    /** The best-ranked id, ties to the lower id; rejects rows nothing can be sampled from. */
    private int argmax(float[] l) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = 0; i < vocabSize; i++) {
            float v = l[i];
            if (v > max) {
                max = v;
                best = i;
            }
            nan |= v != v;
        }
        if (nan) {
            for (int i = 0; i < vocabSize; i++) {
                if (Float.isNaN(l[i])) {
                    throw new EngineException("logit of token " + i + " is NaN");
                }
            }
        }
        if (best < 0) {
            throw new EngineException("every logit is -Infinity: no token can be sampled");
        }
        if (max == Float.POSITIVE_INFINITY) {
            throw new EngineException("logit of token " + best + " is +Infinity");
        }
        return best;
    }

    /** Steps 2, 4 and 5 of the chain; {@code max} is the largest value in {@link #work}. */
    private int draw(float max) {
        float[] l = work;
        int[] ids = null; // null: every id in [0, n), in id order
        int n = vocabSize;
        boolean sorted = false;
        int k = params.topK();
        if (k > 0 && k < vocabSize) {
            candidates = grow(candidates, k);
            n = selection.select(l, 0, null, vocabSize, k, candidates);
            ids = candidates;
            sorted = true;
        }
        boolean topP = params.topP() < 1;
        boolean minP = params.minP() > 0;
        double mass = topP ? sumExp(l, ids, n, max) : 0;
        if (minP) {
            double cut = Math.log(params.minP()); // keep p >= minP * pMax, i.e. logit - max >= log(minP)
            if (sorted) {
                int keep = 1;
                while (keep < n && l[ids[keep]] - (double) max >= cut) {
                    keep++;
                }
                n = keep;
            } else {
                candidates = grow(candidates, vocabSize);
                int kept = 0;
                for (int id = 0; id < vocabSize; id++) {
                    if (l[id] - (double) max >= cut) {
                        candidates[kept++] = id;
                    }
                }
                ids = candidates;
                n = kept;
            }
        }
        if (topP) {
            double target = params.topP() * mass;
            if (sorted) {
                n = topPPrefix(ids, n, max, target);
            } else {
                n = rankTopP(ids, n, max, target);
                ids = ranked;
            }
        }
        if (n == 1) {
            return ids == null ? 0 : ids[0];
        }
        return drawWithTemperature(ids, n, max);
    }

    /** Sum of {@code exp(logit - max)} over the candidates. */
    private double sumExp(float[] l, int[] ids, int n, float max) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(l[ids == null ? i : ids[i]] - (double) max);
        }
        return sum;
    }

    /** Length of the shortest prefix of ranked {@code ids} whose unnormalised mass reaches {@code target}. */
    private int topPPrefix(int[] ids, int n, float max, double target) {
        int prefix = reach(ids, n, max, target);
        return prefix < 0 ? n : prefix;
    }

    /** Like {@link #topPPrefix}, but -1 when all {@code n} together stay below {@code target}. */
    private int reach(int[] ids, int n, float max, double target) {
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += Math.exp(work[ids[i]] - (double) max);
            if (cumulative >= target) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Ranks the top-p prefix of an unsorted candidate set into {@link #ranked} and returns its
     * length: selects the best 256, 1024, ... until their mass reaches {@code target}, and sorts the
     * whole set only when the next selection would cover it.
     */
    private int rankTopP(int[] ids, int n, float max, double target) {
        for (int m = FIRST_TOP_P_PREFIX; m < n; m *= 4) {
            ranked = grow(ranked, m);
            int got = selection.select(work, 0, ids, n, m, ranked);
            int prefix = reach(ranked, got, max, target);
            if (prefix > 0) {
                return prefix;
            }
        }
        ranked = grow(ranked, n);
        for (int i = 0; i < n; i++) {
            ranked[i] = ids == null ? i : ids[i];
        }
        selection.sort(work, 0, ranked, n);
        return topPPrefix(ranked, n, max, target);
    }

    private int drawWithTemperature(int[] ids, int n, float max) {
        if (weights == null || weights.length < n) {
            weights = new float[Math.max(n, weights == null ? 0 : Math.min(vocabSize, 2 * weights.length))];
        }
        float[] w = weights;
        float[] l = work;
        double invTemperature = 1 / params.temperature();
        double total = 0;
        for (int i = 0; i < n; i++) {
            float wi = (float) Math.exp((l[ids == null ? i : ids[i]] - (double) max) * invTemperature);
            w[i] = wi;
            total += wi;
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] > 0) {
                cumulative += w[i];
                last = i;
                if (u < cumulative) {
                    break;
                }
            }
        }
        return ids == null ? last : ids[last];
    }

    private int[] grow(int[] buffer, int size) {
        if (buffer != null && buffer.length >= size) {
            return buffer;
        }
        int doubled = buffer == null ? 0 : Math.min(vocabSize, 2 * buffer.length);
        return new int[Math.max(size, doubled)];
    }
}
