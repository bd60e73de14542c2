package dev.osprey.engine.bench;

import dev.osprey.engine.Model;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.model.LayerWeights;
import dev.osprey.engine.model.ModelWeights;
import dev.osprey.engine.tensor.Weights;
import java.util.SplittableRandom;

/**
 * llama-bench's two figures for a loaded model: prompt processing ({@code ppN}: N random tokens as one
 * batch) and text generation ({@code tgN}: N tokens one at a time, each step feeding the argmax of the
 * previous), both after {@code depth} tokens already in the cache (llama-bench's {@code -d}; labels gain
 * {@code @dDEPTH}). The depth is prefilled untimed, in chunks of {@value #FILL_CHUNK}, once for the pp
 * and tg figures of the same depth (the cache is kept until another depth is asked for); each repetition
 * then writes the positions after it again. An untimed warm-up of each comes first: {@code tgN} runs 8
 * tokens, {@code ppN} at most {@value #FILL_CHUNK} (enough to compile the kernels; a full 8K-token warm-up
 * would double a TTFT measurement).
 */
public final class ModelBenchmark {
    /** Tokens per forward pass when filling the cache to the depth. */
    static final int FILL_CHUNK = 512;

    private final Model model;
    private final long seed;
    /** The cache last filled to {@link #filledDepth} positions, reused while the depth stays the same. */
    private KvCache filled;
    private int filledDepth = -1;
    /** Seconds the last fill took, NaN before any. */
    private double fillSeconds = Double.NaN;

    public ModelBenchmark(Model model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    public Throughput promptProcessing(int tokens, int repetitions) {
        return promptProcessing(tokens, repetitions, 0);
    }

    public Throughput generation(int tokens, int repetitions) {
        return generation(tokens, repetitions, 0);
    }

    /** {@code ppN} after {@code depth} cached tokens. */
    public Throughput promptProcessing(int tokens, int repetitions, int depth) {
        KvCache cache = filled(depth, tokens);
        double[] rates = new double[repetitions];
        runPrompt(Math.min(tokens, FILL_CHUNK), depth, cache, new SplittableRandom(seed));
        for (int r = 0; r < repetitions; r++) {
            int[] ids = randomTokens(tokens, new SplittableRandom(seed + r));
            long start = System.nanoTime();
            model.forward(ids, depth, cache, false);
            rates[r] = tokens / ((System.nanoTime() - start) / 1e9);
        }
        return new Throughput("pp" + tokens + label(depth), rates);
    }

    /** {@code tgN} after {@code depth} cached tokens. */
    public Throughput generation(int tokens, int repetitions, int depth) {
        KvCache cache = filled(depth, tokens);
        double[] rates = new double[repetitions];
        runGeneration(Math.min(tokens, 8), depth, cache);
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            runGeneration(tokens, depth, cache);
            rates[r] = tokens / ((System.nanoTime() - start) / 1e9);
        }
        return new Throughput("tg" + tokens + label(depth), rates);
    }

    /**
     * The last depth's fill ({@code fill@dDEPTH seconds=… tps=…}): the depth's tokens prefilled from an empty cache in
     * chunks of {@value #FILL_CHUNK}, as the serving path prefills a long prompt; null before any depth above 0.
     */
    public String lastFill() {
        return filledDepth > 0 ? String.format(java.util.Locale.ROOT, "fill@d%d seconds=%.2f tps=%.2f (chunks of %d)",
                filledDepth, fillSeconds, filledDepth / fillSeconds, FILL_CHUNK) : null;
    }

    private static String label(int depth) {
        return depth > 0 ? "@d" + depth : "";
    }

    /** A cache for at least {@code depth + tokens} positions whose first {@code depth} hold random tokens. */
    private KvCache filled(int depth, int tokens) {
        if (filled != null && filledDepth == depth && filled.capacity() >= depth + tokens) {
            return filled;
        }
        filled = null;
        int capacity = Math.min(model.config().contextLength(), depth + Math.max(tokens, FILL_CHUNK));
        KvCache cache = model.newKvCache(capacity);
        int[] ids = randomTokens(depth, new SplittableRandom(seed ^ 0x5DEECE66DL));
        long start = System.nanoTime();
        for (int at = 0; at < depth; at += FILL_CHUNK) {
            int n = Math.min(FILL_CHUNK, depth - at);
            model.forward(java.util.Arrays.copyOfRange(ids, at, at + n), at, cache, false);
        }
        fillSeconds = (System.nanoTime() - start) / 1e9;
        filled = cache;
        filledDepth = depth;
        return cache;
    }

    private int[] randomTokens(int n, SplittableRandom random) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(model.config().vocabSize());
        }
        return ids;
    }

    private void runPrompt(int tokens, int depth, KvCache cache, SplittableRandom random) {
        model.forward(randomTokens(tokens, random), depth, cache, false);
    }

    private void runGeneration(int tokens, int depth, KvCache cache) {
        int token = (int) Math.floorMod(seed, model.config().vocabSize());
        for (int i = 0; i < tokens; i++) {
            float[] logits = model.forward(new int[] {token}, depth + i, cache, false);
            token = argmax(logits);
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Weight bytes one decode step streams from memory: every block matrix and the output matrix
     * (the embedding lookup reads one row, which is negligible).
     */
    public static long bytesPerToken(ModelWeights weights) {
        long bytes = size(weights.output());
        for (LayerWeights l : weights.layers()) {
            bytes += size(l.wq()) + size(l.wk()) + size(l.wv()) + size(l.wo())
                    + size(l.gate()) + size(l.up()) + size(l.down());
        }
        return bytes;
    }

    /** The matrix's bytes; 0 for one the block shape lacks (GELU blocks have no gate). */
    private static long size(Weights w) {
        return w == null ? 0 : w.source().data().byteSize();
    }
}
