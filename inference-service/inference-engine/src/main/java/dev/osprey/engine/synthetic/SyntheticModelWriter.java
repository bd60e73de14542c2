package dev.osprey.engine.synthetic;

import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.quant.Quantizers;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a GGUF file of a {@link SyntheticSpec}'s exact shape, with seeded random weights, that
 * llama.cpp and Osprey both load: llama.cpp's metadata keys and tensor names, a
 * {@link SyntheticVocabulary}, 2-D weights (token_embd included) in the spec's type, norms
 * (all 1) and biases in F32. Weights and biases are N(0, {@link #WEIGHT_STD}^2) from
 * {@link SeededNormals}, so a seed gives the same file on every machine, whatever the thread count.
 *
 * <p>Tensors are generated, quantized and written a chunk of rows at a time ({@link GeneratedTensor}),
 * so a model of any size is written in bounded memory. Each weight's type comes from the spec's
 * {@link QuantRecipe}: the K-quant mixes' per-tensor rules and llama-quantize's fallbacks for rows that
 * are not a whole number of blocks (Qwen2-0.5B's width of 896 makes most of its Q4_K weights Q5_0).
 */
public final class SyntheticModelWriter {
    /** Standard deviation of the random weights and biases. */
    public static final float WEIGHT_STD = 0.02f;

    private final int threads;

    /** A writer using all available processors. */
    public SyntheticModelWriter() {
        this(WorkerPool.defaultThreads());
    }

    public SyntheticModelWriter(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** Writes {@code spec} with {@code seed} to {@code path}, replacing any file there. */
    public void write(SyntheticSpec spec, long seed, Path path) throws IOException {
        try (WorkerPool pool = WorkerPool.create(threads)) {
            writer(spec, seed, pool).write(path);
        }
    }

    private static GgufWriter writer(SyntheticSpec spec, long seed, WorkerPool pool) {
        SyntheticModel m = spec.model();
        String a = m.arch();
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", m.name() + "-synthetic-seed" + seed)
                .putUInt32("general.file_type", spec.recipe().fileType())
                .putUInt32(a + ".block_count", m.layers())
                .putUInt32(a + ".context_length", m.ctx())
                .putUInt32(a + ".embedding_length", m.hidden())
                .putUInt32(a + ".feed_forward_length", m.ffn())
                .putUInt32(a + ".attention.head_count", m.heads())
                .putUInt32(a + ".attention.head_count_kv", m.kvHeads())
                .putFloat32(a + ".rope.freq_base", (float) m.ropeTheta())
                .putFloat32(a + (m.layerNormGelu() ? ".attention.layer_norm_epsilon"
                        : ".attention.layer_norm_rms_epsilon"), (float) m.rmsEps())
                .putUInt32(a + ".rope.dimension_count", m.headDim())
                .putUInt32(a + ".vocab_size", m.vocab());
        SyntheticVocabulary.put(w, m);
        if (spec.recipe().base().isQuantized()) {
            w.putUInt32("general.quantization_version", 2);
        }
        Tensors t = new Tensors(w, spec.recipe(), m, seed, pool);
        t.weight("token_embd.weight", WeightRole.TOKEN_EMBD, 0, m.hidden(), m.vocab());
        boolean gelu = m.layerNormGelu();
        for (int i = 0; i < m.layers(); i++) {
            String blk = "blk." + i + ".";
            t.norm(blk + "attn_norm.weight", m.hidden());
            if (gelu) {
                t.bias(blk + "attn_norm.bias", m.hidden());
            }
            t.weight(blk + "attn_q.weight", WeightRole.ATTN_Q, i, m.hidden(), m.hidden());
            t.weight(blk + "attn_k.weight", WeightRole.ATTN_K, i, m.hidden(), m.kvDim());
            t.weight(blk + "attn_v.weight", WeightRole.ATTN_V, i, m.hidden(), m.kvDim());
            if (m.qkvBias()) {
                t.bias(blk + "attn_q.bias", m.hidden());
                t.bias(blk + "attn_k.bias", m.kvDim());
                t.bias(blk + "attn_v.bias", m.kvDim());
            }
            if (m.qkNorm()) {
                t.gain(blk + "attn_q_norm.weight", m.headDim());
                t.gain(blk + "attn_k_norm.weight", m.headDim());
            }
            t.weight(blk + "attn_output.weight", WeightRole.ATTN_OUTPUT, i, m.hidden(), m.hidden());
            if (gelu) {
                t.bias(blk + "attn_output.bias", m.hidden());
            }
            t.norm(blk + "ffn_norm.weight", m.hidden());
            if (gelu) {
                t.bias(blk + "ffn_norm.bias", m.hidden());
            } else {
                t.weight(blk + "ffn_gate.weight", WeightRole.FFN_GATE, i, m.hidden(), m.ffn());
            }
            t.weight(blk + "ffn_up.weight", WeightRole.FFN_UP, i, m.hidden(), m.ffn());
            if (gelu) {
                t.bias(blk + "ffn_up.bias", m.ffn());
            }
            t.weight(blk + "ffn_down.weight", WeightRole.FFN_DOWN, i, m.ffn(), m.hidden());
            if (gelu) {
                t.bias(blk + "ffn_down.bias", m.hidden());
            }
        }
        t.norm("output_norm.weight", m.hidden());
        if (gelu) {
            t.bias("output_norm.bias", m.hidden());
        }
        if (!m.tiedOutput()) {
            t.weight("output.weight", WeightRole.OUTPUT, 0, m.hidden(), m.vocab());
        }
        return w;
    }

    /** Adds generated tensors to a writer. */
    private record Tensors(GgufWriter writer, QuantRecipe recipe, SyntheticModel model, long seed, WorkerPool pool) {

        /** A {@code [rows][cols]} weight of block {@code layer}, ggml shape {@code [cols, rows]}. */
        void weight(String name, WeightRole role, int layer, int cols, int rows) {
            GgmlType stored = recipe.typeOf(role, layer, model.layers(), cols, model.tiedOutput());
            long tensorSeed = SeededNormals.tensorSeed(seed, name);
            RowSource values = (row, out) -> SeededNormals.fillRow(tensorSeed, row, WEIGHT_STD, out, 0, cols);
            writer.addTensor(name, stored, new long[] {cols, rows},
                    new GeneratedTensor(rows, cols, Quantizers.of(stored), values, pool));
        }

        void bias(String name, int n) {
            long tensorSeed = SeededNormals.tensorSeed(seed, name);
            RowSource values = (row, out) -> SeededNormals.fillRow(tensorSeed, row, WEIGHT_STD, out, 0, n);
            writer.addTensor(name, GgmlType.F32, new long[] {n},
                    new GeneratedTensor(1, n, Quantizers.of(GgmlType.F32), values, pool));
        }

        /** A norm gain drawn around 1 (1 + N(0, 0.1^2)), so that a misplaced gain changes the result. */
        void gain(String name, int n) {
            long tensorSeed = SeededNormals.tensorSeed(seed, name);
            RowSource values = (row, out) -> {
                SeededNormals.fillRow(tensorSeed, row, 0.1f, out, 0, n);
                for (int i = 0; i < n; i++) {
                    out[i] += 1f;
                }
            };
            writer.addTensor(name, GgmlType.F32, new long[] {n},
                    new GeneratedTensor(1, n, Quantizers.of(GgmlType.F32), values, pool));
        }

        void norm(String name, int n) {
            writer.addTensor(name, GgmlType.F32, new long[] {n},
                    new GeneratedTensor(1, n, Quantizers.of(GgmlType.F32), (row, out) -> Arrays.fill(out, 1f), pool));
        }
    }
}
