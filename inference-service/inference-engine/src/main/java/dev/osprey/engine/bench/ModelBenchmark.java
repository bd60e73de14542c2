package dev.osprey.engine.bench;

import dev.osprey.engine.Model;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.model.LayerWeights;
import dev.osprey.engine.model.ModelWeights;
import dev.osprey.engine.tensor.Weights;
import java.util.SplittableRandom;

/**
 * llama-bench's two figures for a loaded model: prompt processing ({@code ppN}: N random tokens as one
 * batch into an empty cache) and text generation ({@code tgN}: N tokens one at a time, each step
 * feeding the argmax of the previous, from an empty cache). Each repetition starts from a fresh cache;
 * one untimed warm-up of each comes first.
 */
public final class ModelBenchmark {
    private final Model model;
    private final long seed;

    public ModelBenchmark(Model model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    public Throughput promptProcessing(int tokens, int repetitions) {
        double[] rates = new double[repetitions];
        runPrompt(tokens, new SplittableRandom(seed));
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            runPrompt(tokens, new SplittableRandom(seed + r));
            rates[r] = tokens / ((System.nanoTime() - start) / 1e9);
        }
        return new Throughput("pp" + tokens, rates);
    }

    public Throughput generation(int tokens, int repetitions) {
        double[] rates = new double[repetitions];
        runGeneration(Math.min(tokens, 8));
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            runGeneration(tokens);
            rates[r] = tokens / ((System.nanoTime() - start) / 1e9);
        }
        return new Throughput("tg" + tokens, rates);
    }

    private void runPrompt(int tokens, SplittableRandom random) {
        int[] ids = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            ids[i] = random.nextInt(model.config().vocabSize());
        }
        model.forward(ids, 0, model.newKvCache(tokens), false);
    }

    private void runGeneration(int tokens) {
        KvCache cache = model.newKvCache(tokens);
        int token = (int) Math.floorMod(seed, model.config().vocabSize());
        for (int pos = 0; pos < tokens; pos++) {
            float[] logits = model.forward(new int[] {token}, pos, cache, false);
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

    private static long size(Weights w) {
        return w.source().data().byteSize();
    }
}
