package dev.osprey.engine;

import dev.osprey.gguf.GgmlType;
import dev.osprey.tokenizer.text.ByteLevelAlphabet;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Writes small F32 models with seeded N(0, 0.1) weights through the project's GGUF writer, with
 * llama.cpp's keys and tensor names, and a byte-level vocabulary of {@code vocab} tokens.
 *
 * @param arch          "llama", "qwen2", …
 * @param slidingWindow 0 for none, else written as {@code <arch>.attention.sliding_window}
 */
record TinyModelFile(String arch, int layers, int dim, int heads, int kvHeads, int ffn, int vocab,
                     int slidingWindow, long seed) {

    static TinyModelFile llama(long seed) {
        return new TinyModelFile("llama", 2, 64, 4, 2, 128, 300, 0, seed);
    }

    TinyModelFile withLayers(int n) {
        return new TinyModelFile(arch, n, dim, heads, kvHeads, ffn, vocab, slidingWindow, seed);
    }

    TinyModelFile withSlidingWindow(int w) {
        return new TinyModelFile(arch, layers, dim, heads, kvHeads, ffn, vocab, w, seed);
    }

    TinyModelFile withArch(String a) {
        return new TinyModelFile(a, layers, dim, heads, kvHeads, ffn, vocab, slidingWindow, seed);
    }

    Path write(Path path) {
        return write(path, w -> w);
    }

    /** Writes the model; {@code edit} may alter the writer (add, break or retype things) before writing. */
    Path write(Path path, UnaryOperator<GgufWriter> edit) {
        SplittableRandom random = new SplittableRandom(seed);
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", arch)
                .putUInt32(arch + ".block_count", layers)
                .putUInt32(arch + ".embedding_length", dim)
                .putUInt32(arch + ".feed_forward_length", ffn)
                .putUInt32(arch + ".attention.head_count", heads)
                .putUInt32(arch + ".attention.head_count_kv", kvHeads)
                .putUInt32(arch + ".context_length", 256)
                .putFloat32(arch + ".attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32(arch + ".rope.freq_base", 10000f)
                .putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", "qwen2")
                .putStringArray("tokenizer.ggml.tokens", tokens())
                .putStringArray("tokenizer.ggml.merges", List.of())
                .putUInt32("tokenizer.ggml.bos_token_id", vocab - 1)
                .putUInt32("tokenizer.ggml.eos_token_id", vocab - 1);
        int[] types = new int[vocab];
        java.util.Arrays.fill(types, 1);
        types[vocab - 1] = 3;
        w.putInt32Array("tokenizer.ggml.token_type", types);
        if (slidingWindow > 0) {
            w.putUInt32(arch + ".attention.sliding_window", slidingWindow);
        }
        int headDim = dim / heads;
        int kvDim = kvHeads * headDim;
        matrix(w, random, "token_embd.weight", vocab, dim);
        ones(w, "output_norm.weight", dim);
        matrix(w, random, "output.weight", vocab, dim);
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            ones(w, p + "attn_norm.weight", dim);
            matrix(w, random, p + "attn_q.weight", dim, dim);
            matrix(w, random, p + "attn_k.weight", kvDim, dim);
            matrix(w, random, p + "attn_v.weight", kvDim, dim);
            if (arch.equals("qwen2")) {
                vector(w, random, p + "attn_q.bias", dim);
                vector(w, random, p + "attn_k.bias", kvDim);
                vector(w, random, p + "attn_v.bias", kvDim);
            }
            matrix(w, random, p + "attn_output.weight", dim, dim);
            ones(w, p + "ffn_norm.weight", dim);
            matrix(w, random, p + "ffn_gate.weight", ffn, dim);
            matrix(w, random, p + "ffn_up.weight", ffn, dim);
            matrix(w, random, p + "ffn_down.weight", dim, ffn);
        }
        try {
            edit.apply(w).write(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    private List<String> tokens() {
        List<String> t = new ArrayList<>(vocab);
        for (int i = 0; i < vocab - 1; i++) {
            t.add(i < 256 ? String.valueOf(ByteLevelAlphabet.charOf(i)) : "<|filler_" + i + "|>");
        }
        t.add("<|endoftext|>");
        return t;
    }

    private static void matrix(GgufWriter w, SplittableRandom random, String name, int rows, int cols) {
        w.addTensor(name, GgmlType.F32, new long[] {cols, rows}, gaussian(random, rows * cols));
    }

    private static void vector(GgufWriter w, SplittableRandom random, String name, int n) {
        w.addTensor(name, GgmlType.F32, new long[] {n}, gaussian(random, n));
    }

    private static void ones(GgufWriter w, String name, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(1f);
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, b.array());
    }

    private static byte[] gaussian(SplittableRandom random, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (random.nextGaussian() * 0.1));
        }
        return b.array();
    }
}
