package dev.osprey.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.forward.ForwardBatch;
import dev.osprey.engine.forward.KvCache;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties of the forward pass on small seeded models written by the project's GGUF writer. */
class ForwardPassTest {
    @TempDir
    Path dir;

    private static final int[] PROMPT = {5, 77, 120, 3, 250, 9, 64, 180, 33, 101, 7, 200};

    @Test
    void batchedPrefillEqualsTokenByToken() {
        for (String arch : new String[] {"llama", "qwen2"}) {
            Path file = TinyModelFile.llama(11).withArch(arch).write(dir.resolve(arch + ".gguf"));
            try (Model model = Model.load(file, TestEngines.options())) {
                int vocab = model.config().vocabSize();
                float[] batched = model.forward(PROMPT, 0, model.newKvCache(32), true);
                KvCache cache = model.newKvCache(32);
                for (int i = 0; i < PROMPT.length; i++) {
                    float[] one = model.forward(new int[] {PROMPT[i]}, i, cache, false);
                    assertClose(one, Arrays.copyOfRange(batched, i * vocab, (i + 1) * vocab), 1e-4f, arch + " position " + i);
                }
            }
        }
    }

    @Test
    void twoSequencesInOneBatchEqualEachAlone() {
        Path file = TinyModelFile.llama(12).write(dir.resolve("m.gguf"));
        try (Model model = Model.load(file, TestEngines.options())) {
            int vocab = model.config().vocabSize();
            int[] a = Arrays.copyOf(PROMPT, 5);
            int[] b = Arrays.copyOfRange(PROMPT, 5, 12);
            float[] aloneA = model.forward(a, 0, model.newKvCache(16), false);
            float[] aloneB = model.forward(b, 0, model.newKvCache(16), false);
            KvCache ca = model.newKvCache(16);
            KvCache cb = model.newKvCache(16);
            int n = a.length + b.length;
            int[] tokens = new int[n];
            int[] positions = new int[n];
            KvCache[] caches = new KvCache[n];
            for (int i = 0; i < n; i++) {
                boolean first = i < a.length;
                tokens[i] = first ? a[i] : b[i - a.length];
                positions[i] = first ? i : i - a.length;
                caches[i] = first ? ca : cb;
            }
            float[] both = model.forward(new ForwardBatch(tokens, positions, caches, new int[] {a.length - 1, n - 1}));
            assertClose(Arrays.copyOfRange(both, 0, vocab), aloneA, 1e-4f, "sequence a");
            assertClose(Arrays.copyOfRange(both, vocab, 2 * vocab), aloneB, 1e-4f, "sequence b");
        }
    }

    /**
     * Against {@link ScalarLlamaReference}, an independent forward pass with an explicit window mask: every
     * position's logits, from one batched prefill and from token-by-token decoding, match the reference
     * with the window; the reference without the window is far from both, so a forward pass that ignored
     * the window would fail this test.
     */
    @Test
    void slidingWindowMatchesAnIndependentReferenceWithAnExplicitWindowMask() {
        int window = 4;
        TinyModelFile shape = TinyModelFile.llama(13).withSlidingWindow(window);
        Path file = shape.write(dir.resolve("w.gguf"));
        ScalarLlamaReference reference = new ScalarLlamaReference(shape, file);
        float[] windowed = reference.logits(PROMPT, window);
        float[] unwindowed = reference.logits(PROMPT, 0);
        int vocab = shape.vocab();
        try (Model w = Model.load(file, TestEngines.options())) {
            assertThat(w.config().slidingWindow()).isEqualTo(window);
            float[] batched = w.forward(PROMPT, 0, w.newKvCache(32), true);
            KvCache cache = w.newKvCache(32);
            float[] stepped = new float[PROMPT.length * vocab];
            for (int i = 0; i < PROMPT.length; i++) {
                System.arraycopy(w.forward(new int[] {PROMPT[i]}, i, cache, false), 0, stepped, i * vocab, vocab);
            }
            assertClose(batched, windowed, 1e-4f, "batched prefill vs reference with the window");
            assertClose(stepped, windowed, 1e-4f, "token by token vs reference with the window");
            float[] tail = Arrays.copyOfRange(windowed, window * vocab, windowed.length);
            float[] tailWithoutWindow = Arrays.copyOfRange(unwindowed, window * vocab, unwindowed.length);
            assertThat(maxAbsDiff(tail, tailWithoutWindow)).as("positions past the window see a difference")
                    .isGreaterThan(100 * 1e-4f);
            assertClose(Arrays.copyOf(unwindowed, window * vocab), Arrays.copyOf(windowed, window * vocab), 1e-6f,
                    "positions inside the first window are the same either way");
        }
    }

    /** The reference itself, without a window, agrees with the engine's full attention: it is a fair judge. */
    @Test
    void theScalarReferenceMatchesFullAttention() {
        TinyModelFile shape = TinyModelFile.llama(13);
        Path file = shape.write(dir.resolve("f.gguf"));
        try (Model f = Model.load(file, TestEngines.options())) {
            assertClose(f.forward(PROMPT, 0, f.newKvCache(32), true),
                    new ScalarLlamaReference(shape, file).logits(PROMPT, 0), 1e-4f, "full attention vs reference");
        }
    }

    /**
     * Decoding after a long prefill splits the key range across threads (flash-decoding) and merges the
     * partial softmaxes; with and without a sliding window that cuts the range, the last token's logits
     * equal the double-precision reference's. Prefill runs with the same kernels, chunked in two.
     */
    @Test
    void aLongContextDecodeSplitAcrossThreadsMatchesTheReference() {
        int n = 1000;
        int[] tokens = new int[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(99);
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(300);
        }
        for (int window : new int[] {0, 600}) {
            TinyModelFile shape = TinyModelFile.llama(21).withSlidingWindow(window);
            Path file = shape.write(dir.resolve("long" + window + ".gguf"),
                    w -> w.putUInt32("llama.context_length", 1024));
            try (Model m = Model.load(file, TestEngines.options().withThreads(3))) {
                KvCache cache = m.newKvCache(n);
                m.forward(Arrays.copyOfRange(tokens, 0, 611), 0, cache, false);
                m.forward(Arrays.copyOfRange(tokens, 611, n - 1), 611, cache, false);
                float[] last = m.forward(new int[] {tokens[n - 1]}, n - 1, cache, false);
                float[] reference = new ScalarLlamaReference(shape, file).logits(tokens, window);
                int vocab = m.config().vocabSize();
                assertClose(last, Arrays.copyOfRange(reference, (n - 1) * vocab, n * vocab), 1e-4f,
                        "decode at " + (n - 1) + ", window " + window);
            }
        }
    }

    @Test
    void aWindowLongerThanTheSequenceChangesNothing() {
        TinyModelFile shape = TinyModelFile.llama(14);
        Path windowed = shape.withSlidingWindow(64).write(dir.resolve("w.gguf"));
        Path full = shape.write(dir.resolve("f.gguf"));
        try (Model w = Model.load(windowed, TestEngines.options()); Model f = Model.load(full, TestEngines.options())) {
            assertClose(w.forward(PROMPT, 0, w.newKvCache(32), true), f.forward(PROMPT, 0, f.newKvCache(32), true),
                    REDUCTION_ORDER, "window 64 over 12 tokens");
        }
    }

    /**
     * Llama 3.1 carries its RoPE scaling as per-pair frequency divisors ({@code rope_freqs.weight});
     * divisors all equal to f are exactly linear scaling by f, and change the result.
     */
    @Test
    void ropeFrequencyFactorsScaleLikeLinearScaling() {
        TinyModelFile shape = TinyModelFile.llama(16);
        int pairs = shape.dim() / shape.heads() / 2;
        float[] twos = new float[pairs];
        java.util.Arrays.fill(twos, 2f);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * pairs).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : twos) {
            bytes.putFloat(f);
        }
        Path factors = shape.write(dir.resolve("factors.gguf"),
                w -> w.addTensor("rope_freqs.weight", dev.osprey.gguf.GgmlType.F32, new long[] {pairs}, bytes.array()));
        Path linear = shape.write(dir.resolve("linear.gguf"),
                w -> w.putString("llama.rope.scaling.type", "linear").putFloat32("llama.rope.scaling.factor", 2f));
        Path plain = shape.write(dir.resolve("plain.gguf"));
        try (Model f = Model.load(factors, TestEngines.options()); Model l = Model.load(linear, TestEngines.options());
                Model p = Model.load(plain, TestEngines.options())) {
            float[] byFactors = f.forward(PROMPT, 0, f.newKvCache(32), true);
            assertClose(byFactors, l.forward(PROMPT, 0, l.newKvCache(32), true), 1e-5f, "factors 2 vs linear 2");
            assertThat(maxAbsDiff(byFactors, p.forward(PROMPT, 0, p.newKvCache(32), true))).isGreaterThan(1e-3f);
        }
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        Path file = TinyModelFile.llama(15).write(dir.resolve("m.gguf"));
        try (Model one = Model.load(file, TestEngines.options().withThreads(1));
                Model three = Model.load(file, TestEngines.options().withThreads(3))) {
            assertClose(one.forward(PROMPT, 0, one.newKvCache(32), true),
                    three.forward(PROMPT, 0, three.newKvCache(32), true), REDUCTION_ORDER, "1 vs 3 threads");
        }
    }

    /**
     * Identical computations may still differ in the last bits: the Vector API's lane reduction adds in
     * one order when interpreted and another once C2 compiles it, and a model's first forward passes
     * run partly interpreted.
     */
    private static final float REDUCTION_ORDER = 1e-5f;

    static float maxAbsDiff(float[] a, float[] b) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static void assertClose(float[] actual, float[] expected, float tolerance, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        assertThat(maxAbsDiff(actual, expected)).as(what + ": max abs diff").isLessThanOrEqualTo(tolerance);
    }
}
