package dev.osprey.engine;

import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A llama forward pass written out in plain loops, independent of the engine (its loader, kernels,
 * attention and KV cache): reads the F32 tensors a {@link TinyModelFile} wrote straight from the GGUF
 * file and computes every position's logits with an explicit attention mask, in double precision.
 * Llama wiring: RMSNorm, q/k/v without bias, RoPE over adjacent pairs (llama.cpp's NORM), softmax
 * attention with GQA, SwiGLU MLP, residuals around both.
 */
final class ScalarLlamaReference {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final TinyModelFile shape;
    private final float[] embeddings;   // (vocab, dim)
    private final float[] outputNorm;   // (dim)
    private final float[] output;       // (vocab, dim)
    private final float[][] attnNorm, wq, wk, wv, wo, ffnNorm, gate, up, down; // per layer

    ScalarLlamaReference(TinyModelFile shape, Path file) {
        this.shape = shape;
        try (GgufFile gguf = GgufFile.open(file)) {
            embeddings = read(gguf, "token_embd.weight");
            outputNorm = read(gguf, "output_norm.weight");
            output = read(gguf, "output.weight");
            int n = shape.layers();
            attnNorm = new float[n][];
            wq = new float[n][];
            wk = new float[n][];
            wv = new float[n][];
            wo = new float[n][];
            ffnNorm = new float[n][];
            gate = new float[n][];
            up = new float[n][];
            down = new float[n][];
            for (int l = 0; l < n; l++) {
                String p = "blk." + l + ".";
                attnNorm[l] = read(gguf, p + "attn_norm.weight");
                wq[l] = read(gguf, p + "attn_q.weight");
                wk[l] = read(gguf, p + "attn_k.weight");
                wv[l] = read(gguf, p + "attn_v.weight");
                wo[l] = read(gguf, p + "attn_output.weight");
                ffnNorm[l] = read(gguf, p + "ffn_norm.weight");
                gate[l] = read(gguf, p + "ffn_gate.weight");
                up[l] = read(gguf, p + "ffn_up.weight");
                down[l] = read(gguf, p + "ffn_down.weight");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] read(GgufFile gguf, String name) {
        GgufTensorInfo info = gguf.tensor(name).orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
        if (info.type() != GgmlType.F32) {
            throw new IllegalArgumentException(name + " is " + info.type() + "; the reference reads F32 only");
        }
        return gguf.tensorData(info).toArray(F32);
    }

    /**
     * Logits of every position, {@code [tokens.length][vocab]}; position {@code t} attends to positions
     * {@code [t - window + 1, t]} ({@code window <= 0}: to all of {@code [0, t]}).
     */
    float[] logits(int[] tokens, int window) {
        int dim = shape.dim();
        int heads = shape.heads();
        int kvHeads = shape.kvHeads();
        int headDim = dim / heads;
        int kvDim = kvHeads * headDim;
        int n = tokens.length;
        int vocab = shape.vocab();
        double[][] x = new double[n][dim];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < dim; i++) {
                x[t][i] = embeddings[tokens[t] * dim + i];
            }
        }
        for (int l = 0; l < shape.layers(); l++) {
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], attnNorm[l]);
                q[t] = rope(matVec(wq[l], h, dim), t, heads, headDim);
                k[t] = rope(matVec(wk[l], h, kvDim), t, kvHeads, headDim);
                v[t] = matVec(wv[l], h, kvDim);
            }
            for (int t = 0; t < n; t++) {
                double[] attended = new double[dim];
                int from = window > 0 ? Math.max(0, t - window + 1) : 0;
                for (int hh = 0; hh < heads; hh++) {
                    int kvh = hh / (heads / kvHeads);
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = from; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < headDim; i++) {
                            dot += q[t][hh * headDim + i] * k[s][kvh * headDim + i];
                        }
                        scores[s] = dot / Math.sqrt(headDim);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = from; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = from; s <= t; s++) {
                        for (int i = 0; i < headDim; i++) {
                            attended[hh * headDim + i] += scores[s] / sum * v[s][kvh * headDim + i];
                        }
                    }
                }
                add(x[t], matVec(wo[l], attended, dim));
            }
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], ffnNorm[l]);
                double[] g = matVec(gate[l], h, shape.ffn());
                double[] u = matVec(up[l], h, shape.ffn());
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                add(x[t], matVec(down[l], g, dim));
            }
        }
        float[] logits = new float[n * vocab];
        for (int t = 0; t < n; t++) {
            double[] out = matVec(output, rmsNorm(x[t], outputNorm), vocab);
            for (int i = 0; i < vocab; i++) {
                logits[t * vocab + i] = (float) out[i];
            }
        }
        return logits;
    }

    /** {@code w} is {@code (rows, in.length)} row-major, as ggml stores a {@code [in, rows]} tensor. */
    private static double[] matVec(float[] w, double[] in, int rows) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < in.length; c++) {
                sum += w[r * in.length + c] * in[c];
            }
            out[r] = sum;
        }
        return out;
    }

    private static double[] rmsNorm(double[] x, float[] weight) {
        double squares = 0;
        for (double value : x) {
            squares += value * value;
        }
        double scale = 1 / Math.sqrt(squares / x.length + 1e-5);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    /** Rotates pairs {@code (2i, 2i + 1)} of each head by {@code position * 10000^(-2i / headDim)}. */
    private static double[] rope(double[] v, int position, int heads, int headDim) {
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < headDim / 2; i++) {
                double theta = position * Math.pow(10000, -2.0 * i / headDim);
                int a = h * headDim + 2 * i;
                double x0 = v[a];
                double x1 = v[a + 1];
                v[a] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
                v[a + 1] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
            }
        }
        return v;
    }

    private static void add(double[] x, double[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
