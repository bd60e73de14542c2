package dev.osprey.engine.forward;

import dev.osprey.engine.model.ModelConfig;
import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.AttentionKernel;

/**
 * Causal grouped-query attention of a forward batch, flash style: the {@link AttentionPlan}'s units run
 * an {@link AttentionKernel} each (one K/V head's tiles read once for all query heads of its group, an
 * online softmax, no score matrix), then the partial softmaxes of each tile's key ranges are merged and
 * normalised into the output. Keeps its partial buffers between calls; one forward at a time.
 */
final class Attention {
    /**
     * Below this many multiply-adds (query row x key x (headDim + valueHeadDim)), about 0.1 ms of one
     * core, a layer's attention runs on the calling thread: a pool dispatch costs more than it saves
     * there, much more when another process holds the cores.
     */
    private static final long MIN_PARALLEL_MACS = 1L << 22;
    /** Below this many partial floats the merge runs on the calling thread (a decode step's always does). */
    private static final long MIN_PARALLEL_MERGE = 1L << 16;

    private final ModelConfig config;
    private final AttentionKernel kernel;
    private final WorkerPool pool;
    private final float scale;
    private float[] partialOut = new float[0]; // [rows][valueHeadDim]
    private float[] partialMl = new float[0];  // [rows][2]: m, l

    Attention(ModelConfig config, AttentionKernel kernel, WorkerPool pool) {
        this.config = config;
        this.kernel = kernel;
        this.pool = pool;
        this.scale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    AttentionPlan plan(ForwardBatch batch) {
        return AttentionPlan.of(batch, config.kvHeads(), config.groupSize(), config.slidingWindow(), pool.threads());
    }

    /**
     * att[t][h] = softmax(q[t][h] . K / sqrt(headDim)) . V over the positions token t sees in its cache
     * (itself and before, within the window).
     *
     * @param q   [n][heads*headDim]
     * @param att [n][heads*valueHeadDim]
     */
    void run(int layer, ForwardBatch batch, AttentionPlan plan, float[] q, float[] att) {
        int vd = config.valueHeadDim();
        int rows = plan.rows();
        if (partialOut.length < rows * vd) {
            partialOut = new float[rows * vd];
            partialMl = new float[2 * rows];
        }
        boolean parallel = plan.keyVisits * (config.headDim() + vd) >= MIN_PARALLEL_MACS && pool.threads() > 1;
        if (parallel) {
            pool.forRange(plan.units(), 1, (start, end) -> units(layer, batch, plan, q, start, end));
        } else {
            units(layer, batch, plan, q, 0, plan.units());
        }
        if (parallel && (long) rows * vd >= MIN_PARALLEL_MERGE) {
            pool.forRange(plan.tiles * plan.kvHeads, 1, (start, end) -> merge(batch, plan, att, start, end));
        } else {
            merge(batch, plan, att, 0, plan.tiles * plan.kvHeads);
        }
    }

    /**
     * Runs units {@code [start, end)} counted from the last: a prefill's later tiles see more keys, so the
     * pool's threads claim the heaviest work first and the light tail evens them out.
     */
    private void units(int layer, ForwardBatch batch, AttentionPlan plan, float[] q, int start, int end) {
        int hd = config.headDim();
        int qDim = config.qDim();
        int group = plan.group;
        for (int i = start; i < end; i++) {
            int u = plan.units() - 1 - i;
            int s = u / plan.kvHeads;
            int h = u % plan.kvHeads;
            int tile = plan.splitTile[s];
            int first = plan.tileStart[tile];
            KvCache cache = batch.caches()[first];
            int row = plan.unitRow[u];
            kernel.attend(cache.pages(), layer, h, cache.blockTable(), plan.splitLo[s], plan.splitHi[s],
                    q, first * qDim + h * group * hd, qDim, plan.tileTokens[tile], group,
                    batch.positions()[first], config.slidingWindow(), scale,
                    partialOut, row * config.valueHeadDim(), partialMl, 2 * row);
        }
    }

    /** For each (tile, K/V head) in [start, end): combines its splits' partials into att. */
    private void merge(ForwardBatch batch, AttentionPlan plan, float[] att, int start, int end) {
        int vd = config.valueHeadDim();
        int group = plan.group;
        int attStride = config.heads() * vd;
        for (int th = start; th < end; th++) {
            int tile = th / plan.kvHeads;
            int h = th % plan.kvHeads;
            int s0 = plan.tileFirstSplit[tile];
            int s1 = plan.tileFirstSplit[tile + 1];
            int rows = plan.tileTokens[tile] * group;
            for (int r = 0; r < rows; r++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int s = s0; s < s1; s++) {
                    m = Math.max(m, partialMl[2 * (plan.unitRow[s * plan.kvHeads + h] + r)]);
                }
                int i = r / group;
                int g = r % group;
                int out = (plan.tileStart[tile] + i) * attStride + (h * group + g) * vd;
                float l = 0;
                for (int s = s0; s < s1; s++) {
                    int pr = plan.unitRow[s * plan.kvHeads + h] + r;
                    float ms = partialMl[2 * pr];
                    float w = ms == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(ms - m);
                    l += w * partialMl[2 * pr + 1];
                    for (int d = 0; d < vd; d++) {
                        float v = w * partialOut[pr * vd + d];
                        att[out + d] = s == s0 ? v : att[out + d] + v;
                    }
                }
                float inv = l > 0 ? 1f / l : 0f;
                for (int d = 0; d < vd; d++) {
                    att[out + d] *= inv;
                }
            }
        }
    }
}
