package dev.osprey.engine.forward;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.model.FeedForwardKind;
import dev.osprey.engine.model.LayerWeights;
import dev.osprey.engine.model.ModelConfig;
import dev.osprey.engine.model.ModelWeights;
import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.AttentionKernel;
import dev.osprey.engine.tensor.PreparedActivations;
import dev.osprey.engine.tensor.SwiGluKernel;
import dev.osprey.engine.tensor.Weights;

/**
 * The forward pass of a pre-norm decoder, wired by the model's {@link dev.osprey.engine.model.BlockShape}:
 * embedding → per block {norm → q/k/v (+bias) → per-head q/k norm (Qwen3) → RoPE → causal GQA attention (optionally
 * windowed) → output projection (+bias) → residual → norm → feed-forward (SwiGLU, or GELU with biases) → residual} →
 * final norm → logits for the requested tokens only. The norm is RMSNorm or LayerNorm with a bias.
 * All tokens of a batch go through each weight matrix together; the q/k/v projections are one parallel
 * region and gate/up another, so a layer dispatches to the worker pool four times, not seven. Activation
 * buffers are kept between calls and grown when a batch needs more. Not thread-safe: one forward at a time.
 */
public final class Transformer {
    private static final int ROW_ALIGN = 32;
    /**
     * Below this many multiply-adds a region runs on the calling thread: dispatching to the pool costs
     * microseconds when cores are idle and a scheduler slice when they are shared (the embedded default
     * runs the gateway and the other services beside the engine), more than a small product takes.
     */
    private static final long MIN_PARALLEL_MACS = 1L << 17;
    /** Below this many elements an elementwise step runs on the calling thread (a few microseconds of work). */
    private static final int MIN_PARALLEL_ELEMENTS = 1 << 16;

    private final ModelConfig config;
    private final ModelWeights weights;
    private final WorkerPool pool;
    private final Rope rope;
    private final Attention attention;
    private final SwiGluKernel swiGlu;
    private final Norms.Norm norm;
    private final FeedForward feedForward;
    /** Reused by every forward; replaced by a larger one when a batch has more tokens. */
    private Buffers buffers;

    public Transformer(ModelConfig config, ModelWeights weights, WorkerPool pool, AttentionKernel attention,
                       SwiGluKernel swiGlu) {
        this.config = config;
        this.weights = weights;
        this.pool = pool;
        this.rope = new Rope(config.rope());
        this.attention = new Attention(config, attention, pool);
        this.swiGlu = swiGlu;
        this.norm = Norms.of(config.block().norm());
        this.feedForward = switch (config.block().feedForward()) {
            case SWIGLU -> this::swiGluFeedForward;
            case GELU -> this::geluFeedForward;
        };
    }

    /** {@code b.tmp[n][dim]} = the feed-forward of {@code b.xb[n][dim]}. */
    @FunctionalInterface
    private interface FeedForward {
        void run(LayerWeights w, Buffers b, int n);
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Runs {@code batch} and writes logits {@code [batch.outputs().length][vocab]} into {@code logits}.
     * Writes every token's keys and values into its cache.
     *
     * @throws EngineException if a token id is outside the vocabulary or a position outside its cache
     */
    public void forward(ForwardBatch batch, float[] logits) {
        int n = batch.size();
        int dim = config.dim();
        int vocab = config.vocabSize();
        if (logits.length < (long) batch.outputs().length * vocab) {
            throw new IllegalArgumentException("logits buffer of " + logits.length + " floats is too small for "
                    + batch.outputs().length + " rows of " + vocab);
        }
        for (int i = 0; i < n; i++) {
            int token = batch.tokens()[i];
            if (token < 0 || token >= vocab) {
                throw new EngineException("token id " + token + " is outside the vocabulary [0, " + vocab + ")");
            }
            int pos = batch.positions()[i];
            if (pos < 0 || pos >= batch.caches()[i].capacity()) {
                throw new EngineException("position " + pos + " is outside the context of "
                        + batch.caches()[i].capacity() + " tokens");
            }
        }
        Buffers b = buffers(n);
        for (int i = 0; i < n; i++) {
            weights.tokenEmbedding().dequantizeRow(batch.tokens()[i], b.x, i * dim);
        }
        float[][] ropeTables = new float[n][config.rope().dimensions()];
        for (int i = 0; i < n; i++) {
            rope.angles(batch.positions()[i], ropeTables[i]);
        }
        AttentionPlan plan = attention.plan(batch);
        for (int layer = 0; layer < config.layers(); layer++) {
            block(layer, weights.layers().get(layer), batch, ropeTables, plan, b);
        }
        int[] outputs = batch.outputs();
        float[] last = new float[outputs.length * dim];
        for (int o = 0; o < outputs.length; o++) {
            norm.apply(b.x, outputs[o] * dim, weights.outputNorm(), weights.outputNormBias(), config.normEps(), last,
                    o * dim, dim);
        }
        matmul(weights.output(), last, outputs.length, logits);
    }

    private void block(int layer, LayerWeights w, ForwardBatch batch, float[][] ropeTables, AttentionPlan plan, Buffers b) {
        int n = batch.size();
        int dim = config.dim();
        for (int i = 0; i < n; i++) {
            norm.apply(b.x, i * dim, w.attnNorm(), w.attnNormBias(), config.normEps(), b.xb, i * dim, dim);
        }
        matmul3(w.wq(), b.q, w.wk(), b.k, w.wv(), b.v, b.xb, n);
        addBias(b.q, w.bq(), n);
        addBias(b.k, w.bk(), n);
        addBias(b.v, w.bv(), n);
        int qDim = config.qDim();
        int kvDim = config.kvDim();
        int vDim = config.vDim();
        for (int i = 0; i < n; i++) {
            headNorm(b.q, i * qDim, config.heads(), w.qNorm());
            headNorm(b.k, i * kvDim, config.kvHeads(), w.kNorm());
            rope.apply(b.q, i * qDim, config.heads(), config.headDim(), ropeTables[i]);
            rope.apply(b.k, i * kvDim, config.kvHeads(), config.headDim(), ropeTables[i]);
            batch.caches()[i].write(layer, batch.positions()[i], b.k, i * kvDim, b.v, i * vDim);
        }
        attention.run(layer, batch, plan, b.q, b.att);
        matmul(w.wo(), b.att, n, b.tmp);
        addBias(b.tmp, w.bo(), n);
        addInPlace(b.x, b.tmp, n * dim);

        for (int i = 0; i < n; i++) {
            norm.apply(b.x, i * dim, w.ffnNorm(), w.ffnNormBias(), config.normEps(), b.xb, i * dim, dim);
        }
        feedForward.run(w, b, n);
        addInPlace(b.x, b.tmp, n * dim);
    }

    /** RMSNorm of each of {@code heads} heads at {@code v[offset]} with {@code gain [headDim]}, in place; none if null. */
    private void headNorm(float[] v, int offset, int heads, float[] gain) {
        if (gain == null) {
            return;
        }
        int headDim = config.headDim();
        for (int h = 0; h < heads; h++) {
            Norms.rmsNorm(v, offset + h * headDim, gain, config.normEps(), v, offset + h * headDim, headDim);
        }
    }

    /** {@code tmp = down(silu(gate·xb) * (up·xb))}. */
    private void swiGluFeedForward(LayerWeights w, Buffers b, int n) {
        matmul2(w.gate(), b.gate, w.up(), b.up, b.xb, n);
        swiglu(b.gate, b.up, n * config.ffnDim());
        matmul(w.down(), b.gate, n, b.tmp);
    }

    /** {@code tmp = down·gelu(up·xb + upBias) + downBias}. */
    private void geluFeedForward(LayerWeights w, Buffers b, int n) {
        matmul(w.up(), b.xb, n, b.up);
        addBias(b.up, w.upBias(), n);
        int length = n * config.ffnDim();
        if (length < MIN_PARALLEL_ELEMENTS) {
            Gelu.apply(b.up, 0, length);
        } else {
            pool.forRange(length, ROW_ALIGN, (start, end) -> Gelu.apply(b.up, start, end));
        }
        matmul(w.down(), b.up, n, b.tmp);
        addBias(b.tmp, w.downBias(), n);
    }

    /** out[n][w.rows] = x[n][w.cols] · wᵀ, rows split across the pool unless the product is small. */
    private void matmul(Weights w, float[] x, int n, float[] out) {
        if ((long) w.rows() * w.cols() * n < MIN_PARALLEL_MACS) {
            w.matmul(x, 0, n, out, 0, 0, w.rows());
            return;
        }
        PreparedActivations prepared = w.prepare(x, 0, n, null);
        pool.forRange(w.rows(), ROW_ALIGN, (start, end) -> w.matmul(prepared, x, 0, n, out, 0, start, end));
    }

    /** {@code outA = x·aᵀ}, {@code outB = x·bᵀ}, {@code outC = x·cᵀ} as one parallel region ({@link #matmulGroup}). */
    private void matmul3(Weights a, float[] outA, Weights b, float[] outB, Weights c, float[] outC, float[] x, int n) {
        matmulGroup(new Weights[] {a, b, c}, new float[][] {outA, outB, outC}, x, n);
    }

    /** {@code outA = x·aᵀ}, {@code outB = x·bᵀ} as one parallel region ({@link #matmulGroup}). */
    private void matmul2(Weights a, float[] outA, Weights b, float[] outB, float[] x, int n) {
        matmulGroup(new Weights[] {a, b}, new float[][] {outA, outB}, x, n);
    }

    /**
     * Products of the same input {@code x [n][cols]} as one parallel region over their rows laid end to
     * end: {@code outs[i] = x·ws[i]ᵀ}, x prepared once for all of them ({@link Weights#prepare}). The
     * kernels are called from one call site in a loop, never from
     * one site per product: C2 would inline each site's kernel into the same method, exceed its node
     * budget and box every vector (decode ran at an eighth of its speed that way).
     */
    private void matmulGroup(Weights[] ws, float[][] outs, float[] x, int n) {
        int[] offsets = new int[ws.length + 1];
        for (int i = 0; i < ws.length; i++) {
            offsets[i + 1] = offsets[i] + ws[i].rows();
        }
        int total = offsets[ws.length];
        if ((long) total * ws[0].cols() * n < MIN_PARALLEL_MACS) {
            for (int i = 0; i < ws.length; i++) {
                ws[i].matmul(x, 0, n, outs[i], 0, 0, ws[i].rows());
            }
            return;
        }
        PreparedActivations p = null;
        for (Weights w : ws) {
            p = w.prepare(x, 0, n, p);
        }
        PreparedActivations prepared = p;
        pool.forRange(total, ROW_ALIGN, (start, end) -> {
            for (int i = 0; i < ws.length; i++) {
                int from = Math.max(start - offsets[i], 0);
                int to = Math.min(end - offsets[i], ws[i].rows());
                if (from < to) {
                    ws[i].matmul(prepared, x, 0, n, outs[i], 0, from, to);
                }
            }
        });
    }

    private Buffers buffers(int n) {
        if (buffers == null || buffers.tokens < n) {
            buffers = new Buffers(config, n);
        }
        return buffers;
    }

    private static void addBias(float[] v, float[] bias, int n) {
        if (bias == null) {
            return;
        }
        int width = bias.length;
        for (int i = 0; i < n; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                v[base + j] += bias[j];
            }
        }
    }

    private static void addInPlace(float[] acc, float[] delta, int length) {
        for (int i = 0; i < length; i++) {
            acc[i] += delta[i];
        }
    }

    /** {@code gate = silu(gate) * up} over the first {@code length} elements, split across the pool when long. */
    private void swiglu(float[] gate, float[] up, int length) {
        if (length < MIN_PARALLEL_ELEMENTS) {
            swiGlu.apply(gate, up, 0, length);
            return;
        }
        pool.forRange(length, ROW_ALIGN, (start, end) -> swiGlu.apply(gate, up, start, end));
    }

    /**
     * Activations for up to {@link #tokens} tokens; a forward of {@code n} tokens uses the first
     * {@code [n][width]} of each, every element of which it writes before reading.
     */
    private static final class Buffers {
        final int tokens;
        final float[] x;    // residual stream [n][dim]
        final float[] xb;   // normed input [n][dim]
        final float[] q;    // [n][qDim]
        final float[] k;    // [n][kvDim]
        final float[] v;    // [n][vDim]
        final float[] att;  // attention output [n][heads*valueHeadDim]
        final float[] tmp;  // projection output [n][dim]
        final float[] gate; // [n][ffnDim], silu(gate)*up after swiglu; empty for GELU blocks
        final float[] up;   // [n][ffnDim]

        Buffers(ModelConfig c, int n) {
            tokens = n;
            x = new float[n * c.dim()];
            xb = new float[n * c.dim()];
            q = new float[n * c.qDim()];
            k = new float[n * c.kvDim()];
            v = new float[n * c.vDim()];
            att = new float[n * c.heads() * c.valueHeadDim()];
            tmp = new float[n * c.dim()];
            gate = new float[c.block().feedForward() == FeedForwardKind.SWIGLU ? n * c.ffnDim() : 0];
            up = new float[n * c.ffnDim()];
        }
    }
}
