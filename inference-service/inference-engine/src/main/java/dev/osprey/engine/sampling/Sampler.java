package dev.osprey.engine.sampling;

import dev.osprey.engine.EngineException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Picks the next token of one sequence from its logits row, in the order of llama.cpp's default
 * sampler chain:
 *
 * <ol>
 *   <li>penalties (repetition, presence, frequency) over the last {@code penaltyLastN} history tokens,
 *       then the logit bias ({@link SamplingParameters#logitBias}) added;
 *   <li>top-k;
 *   <li>temperature 0: the argmax, ties to the lower id; no random draw;
 *   <li>top-p, then min-p, both on the temperature-free probabilities of the top-k survivors;
 *   <li>temperature, softmax over the survivors, and a draw from a seeded {@link RandomGenerator}
 *       ({@link SplittableRandom}, one {@code nextDouble()} per drawn token).
 * </ol>
 *
 * Temperature comes after the filters, as in llama.cpp; vLLM applies it before top-k/top-p, so with
 * temperature &ne; 1 the two keep different sets for the same top-p.
 *
 * <p>Cost per call at vocabulary V: a copy of the row and an argmax pass; penalties O(w log w) for a
 * window of w tokens; top-k O(V log k) by heap selection; top-p one exponentiating pass plus a
 * bucketed walk that sorts only the tokens at the cut; the draw exponentiates the survivors once and
 * finds the token through per-block sums. Buffers are reused across calls: besides the V-float copy
 * of the row they are sized by what survives, so a call allocates nothing once warm unless logprobs
 * were asked for.
 *
 * <p>One sampler per sequence: it holds the sequence's random state. Not thread-safe.
 */
public final class Sampler {
    private static final int BUCKETS_PER_NAT = 32;
    private static final int BUCKETS = 64 * BUCKETS_PER_NAT; // the last holds everything 64+ nats down
    private static final int DRAW_BLOCK = 256;
    private static final int[] NO_HISTORY = {};

    private final SamplingParameters params;
    private final int vocabSize;
    private final long seed;
    private final RandomGenerator random;
    private final TopSelection selection = new TopSelection();
    private final float[] work;          // (vocabSize) the current row after penalties and bias
    private final int[] biasIds;         // (b) logit-bias token ids, ascending
    private final float[] biasValues;    // (b) the bias of biasIds[i]
    private int[] window = new int[0];   // (w) penalty window, sorted to count repeats
    private int[] candidates = new int[0]; // (n) surviving ids; by rank after top-k
    private int[] boundary = new int[0]; // top-p: ids in the bucket where the mass reaches p
    private double[] bucketMass;         // (BUCKETS) top-p: min-p survivors' mass by distance below max
    private int[] bucketCount;           // (BUCKETS) top-p: min-p survivors by distance below max
    private double[] blockSums = new double[0]; // (ceil(n / DRAW_BLOCK)) draw weights summed per block
    private int[] survivorIds;           // candidates after filtering; null = all ids in [0, n)
    private int[] topIds;                // (logprobs) alternatives, best first
    private TokenLogprobs lastLogprobs;

    /**
     * @param vocabSize the length of a logits row; history ids must lie in {@code [0, vocabSize)}
     * @throws InvalidSamplingParametersException if a logit-bias id is not below {@code vocabSize}
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
        this.biasIds = params.logitBias().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.biasValues = new float[biasIds.length];
        for (int i = 0; i < biasIds.length; i++) {
            if (biasIds[i] >= vocabSize) {
                throw new InvalidSamplingParametersException("logit_bias", "logit_bias[" + biasIds[i]
                        + "]: token id " + biasIds[i] + " is outside the vocabulary [0, " + vocabSize + ")");
            }
            biasValues[i] = params.logitBias().get(biasIds[i]);
        }
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
        return sample(logits, offset, NO_HISTORY, 0);
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
     * @throws IndexOutOfBoundsException if the row or a penalised history id is out of range
     */
    public int sample(float[] logits, int offset, int[] history, int historyLength) {
        load(logits, offset, history, historyLength);
        int best = argmax(work);
        int token = params.isGreedy() ? best : draw(work[best]);
        if (params.logprobs().isPresent()) {
            int n = Math.min(params.logprobs().getAsInt(), vocabSize);
            if (topIds == null) {
                topIds = new int[n];
            }
            lastLogprobs = TokenLogprobs.compute(work, 0, vocabSize, token, n, selection, topIds);
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

    /** For tests: the row after penalties and logit bias. */
    float[] penalised(float[] logits, int offset, int[] history, int historyLength) {
        load(logits, offset, history, historyLength);
        return work.clone();
    }

    /** For tests: the ids, ascending, that reach the draw (step 5) when temperature &gt; 0. */
    int[] survivors(float[] logits, int offset, int[] history, int historyLength) {
        load(logits, offset, history, historyLength);
        int n = filter(work[argmax(work)]);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = survivorIds == null ? i : survivorIds[i];
        }
        Arrays.sort(ids);
        return ids;
    }

    /** Step 1: the row into {@link #work}, penalised, then biased. */
    private void load(float[] logits, int offset, int[] history, int historyLength) {
        Objects.checkFromIndexSize(offset, vocabSize, logits.length);
        Objects.checkFromIndexSize(0, historyLength, history.length);
        System.arraycopy(logits, offset, work, 0, vocabSize);
        if (params.hasPenalties()) {
            applyPenalties(history, historyLength);
        }
        for (int i = 0; i < biasIds.length; i++) {
            work[biasIds[i]] += biasValues[i];
        }
    }

    private void applyPenalties(int[] history, int historyLength) {
        int lastN = params.penaltyLastN();
        int from = lastN < 0 ? 0 : Math.max(0, historyLength - lastN);
        int w = historyLength - from;
        if (w == 0) {
            return;
        }
        if (window.length < w) {
            window = new int[Math.max(w, 2 * window.length)];
        }
        int[] ids = window;
        System.arraycopy(history, from, ids, 0, w);
        Arrays.sort(ids, 0, w);
        Objects.checkIndex(ids[0], vocabSize);
        Objects.checkIndex(ids[w - 1], vocabSize);
        double repetition = params.repetitionPenalty();
        double presence = params.presencePenalty();
        double frequency = params.frequencyPenalty();
        float[] l = work;
        for (int i = 0; i < w; ) {
            int t = ids[i];
            int end = i + 1;
            while (end < w && ids[end] == t) {
                end++;
            }
            int count = end - i;
            double v = l[t];
            v = v <= 0 ? v * repetition : v / repetition;
            l[t] = (float) (v - count * frequency - presence);
            i = end;
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
        int n = filter(max);
        int[] ids = survivorIds;
        if (n == 1) {
            return ids == null ? 0 : ids[0];
        }
        return drawWithTemperature(ids, n, max);
    }

    /**
     * Steps 2 and 4: top-k, top-p, min-p. Leaves the survivors in {@link #survivorIds} (null: every
     * id in {@code [0, n)}) and returns their count, at least 1: the argmax always survives.
     */
    private int filter(float max) {
        float[] l = work;
        int k = params.topK();
        boolean topP = params.topP() < 1;
        boolean minP = params.minP() > 0;
        // p >= minP * pMax  <=>  logit - max >= log(minP); top-p and min-p each keep a prefix of the
        // ranking, so the survivors of both are the shorter prefix, whichever runs first
        double cut = minP ? Math.log(params.minP()) : Double.NEGATIVE_INFINITY;
        survivorIds = null;
        if (k > 0 && k < vocabSize) {
            int[] ids = candidates = grow(candidates, k);
            int n = selection.select(l, 0, null, vocabSize, k, ids);
            double mass = topP ? sumExp(ids, n, max) : 0; // top-p normalises over the top-k survivors
            int keep = 1;
            while (keep < n && l[ids[keep]] - (double) max >= cut) {
                keep++;
            }
            if (topP) {
                keep = topPPrefix(ids, keep, max, params.topP() * mass);
            }
            survivorIds = ids;
            return keep;
        }
        if (topP) {
            int kept = bucketedTopP(max, cut);
            survivorIds = candidates;
            return kept;
        }
        if (minP) {
            int kept = 0;
            for (int id = 0; id < vocabSize; id++) {
                if (l[id] - (double) max >= cut) {
                    kept++;
                }
            }
            int[] ids = candidates = grow(candidates, kept);
            kept = 0;
            for (int id = 0; id < vocabSize; id++) {
                if (l[id] - (double) max >= cut) {
                    ids[kept++] = id;
                }
            }
            survivorIds = ids;
            return kept;
        }
        return vocabSize;
    }

    /** Sum of {@code exp(logit - max)} over the candidates. */
    private double sumExp(int[] ids, int n, float max) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(work[ids[i]] - (double) max);
        }
        return sum;
    }

    /** Length of the shortest prefix of ranked {@code ids} whose unnormalised mass reaches {@code target}. */
    private int topPPrefix(int[] ids, int n, float max, double target) {
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += Math.exp(work[ids[i]] - (double) max);
            if (cumulative >= target) {
                return i + 1;
            }
        }
        return n;
    }

    /**
     * Top-p (then min-p) over the whole vocabulary without sorting it. One pass exponentiates every
     * logit for the total mass and adds the min-p survivors' mass into buckets by distance below the
     * max (32 per nat, the last open-ended); walking the buckets from the top finds the one where the
     * cumulative mass reaches {@code topP * total}. Buckets above it are kept whole; only that bucket
     * is sorted and cut. Leaves the survivors, unordered, in {@link #candidates}; returns their count.
     */
    private int bucketedTopP(float max, double cut) {
        float[] l = work;
        if (bucketMass == null) {
            bucketMass = new double[BUCKETS];
            bucketCount = new int[BUCKETS];
        }
        double[] mass = bucketMass;
        int[] count = bucketCount;
        Arrays.fill(mass, 0);
        Arrays.fill(count, 0);
        double total = 0;
        for (int id = 0; id < vocabSize; id++) {
            double d = l[id] - (double) max;
            double w = Math.exp(d);
            total += w;
            if (d >= cut) {
                int b = bucket(d);
                mass[b] += w;
                count[b]++;
            }
        }
        double target = params.topP() * total;
        double cumulative = 0;
        int last = BUCKETS - 1; // the bucket where the mass reaches the target; else keep every survivor
        int kept = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (cumulative + mass[b] >= target) {
                last = b;
                break;
            }
            cumulative += mass[b];
            kept += count[b];
        }
        int[] ids = candidates = grow(candidates, kept + count[last]);
        int[] cutBucket = boundary = grow(boundary, count[last]);
        int above = 0;
        int at = 0;
        for (int id = 0; id < vocabSize; id++) {
            double d = l[id] - (double) max;
            if (d >= cut) {
                int b = bucket(d);
                if (b < last) {
                    ids[above++] = id;
                } else if (b == last) {
                    cutBucket[at++] = id;
                }
            }
        }
        selection.sort(l, 0, cutBucket, at);
        for (int i = 0; i < at; i++) {
            ids[above++] = cutBucket[i];
            cumulative += Math.exp(l[cutBucket[i]] - (double) max);
            if (cumulative >= target) {
                break;
            }
        }
        return above;
    }

    /** Bucket of a logit {@code d} nats below the max, d &le; 0. */
    private static int bucket(double d) {
        return (int) Math.min(-d * BUCKETS_PER_NAT, BUCKETS - 1);
    }

    /**
     * Step 5: weights {@code exp((logit - max) / temperature)} over the survivors, summed per block of
     * {@value #DRAW_BLOCK}; the draw picks a block by its sum, then re-exponentiates that block only.
     */
    private int drawWithTemperature(int[] ids, int n, float max) {
        float[] l = work;
        double temperature = params.temperature(); // divided, not inverted: 1 / a subnormal is infinite
        int blocks = (n + DRAW_BLOCK - 1) / DRAW_BLOCK;
        if (blockSums.length < blocks) {
            blockSums = new double[blocks];
        }
        double[] sums = blockSums;
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            for (int i = b * DRAW_BLOCK, end = Math.min(n, i + DRAW_BLOCK); i < end; i++) {
                sum += Math.exp((l[ids == null ? i : ids[i]] - (double) max) / temperature);
            }
            sums[b] = sum;
            total += sum;
        }
        double u = random.nextDouble() * total;
        int block = blocks - 1;
        for (int b = 0; b < blocks; b++) {
            if (u < sums[b] || b == blocks - 1) {
                block = b;
                break;
            }
            u -= sums[b];
        }
        while (sums[block] == 0) { // rounding pushed u past the last non-empty block
            block--;
        }
        int chosen = -1;
        double cumulative = 0;
        for (int i = block * DRAW_BLOCK, end = Math.min(n, i + DRAW_BLOCK); i < end; i++) {
            double w = Math.exp((l[ids == null ? i : ids[i]] - (double) max) / temperature);
            if (w > 0) {
                chosen = i;
                cumulative += w;
                if (u < cumulative) {
                    break;
                }
            }
        }
        return ids == null ? chosen : ids[chosen];
    }

    private static int[] grow(int[] buffer, int size) {
        return buffer.length >= size ? buffer : new int[Math.max(size, 2 * buffer.length)];
    }
}
