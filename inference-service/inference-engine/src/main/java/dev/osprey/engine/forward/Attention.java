package dev.osprey.engine.forward;

import dev.osprey.engine.model.ModelConfig;

/** Causal scaled-dot-product attention with grouped K/V heads, read through a {@link KvCache}. */
final class Attention {
    private Attention() {
    }

    /**
     * For each unit {@code u} in {@code [start, end)}, token {@code u / heads}, query head {@code u % heads}:
     * att[token][head] = softmax(q·K[lo..pos] / sqrt(headDim)) · V[lo..pos], where lo is 0 or the
     * start of the sliding window.
     *
     * @param q   [n][heads*headDim]
     * @param att [n][heads*valueHeadDim]
     */
    static void run(ModelConfig c, int layer, ForwardBatch batch, float[] q, float[] att, int start, int end) {
        int heads = c.heads();
        int headDim = c.headDim();
        int valueHeadDim = c.valueHeadDim();
        int group = c.groupSize();
        int window = c.slidingWindow();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        float[] scores = null;
        for (int u = start; u < end; u++) {
            int t = u / heads;
            int h = u % heads;
            int kvHead = h / group;
            int pos = batch.positions()[t];
            int lo = window > 0 ? Math.max(0, pos - window + 1) : 0;
            int span = pos - lo + 1;
            if (scores == null || scores.length < span) {
                scores = new float[Math.max(span, 64)];
            }
            KvCache cache = batch.caches()[t];
            int qBase = t * heads * headDim + h * headDim;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < span; j++) {
                float[] keys = cache.keyArray(layer, lo + j);
                int kBase = cache.keyOffset(layer, lo + j) + kvHead * headDim;
                float s = Dot.dot(q, qBase, keys, kBase, headDim) * scale;
                scores[j] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int j = 0; j < span; j++) {
                float e = (float) Math.exp(scores[j] - max);
                scores[j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            int oBase = t * heads * valueHeadDim + h * valueHeadDim;
            for (int d = 0; d < valueHeadDim; d++) {
                att[oBase + d] = 0;
            }
            for (int j = 0; j < span; j++) {
                float[] values = cache.valueArray(layer, lo + j);
                int vBase = cache.valueOffset(layer, lo + j) + kvHead * valueHeadDim;
                Dot.axpy(scores[j] * inv, values, vBase, att, oBase, valueHeadDim);
            }
        }
    }
}
