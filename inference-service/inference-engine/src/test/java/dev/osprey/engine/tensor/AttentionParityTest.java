package dev.osprey.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.kvpages.KvShape;
import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.tensor.nativecpu.InstructionSet;
import dev.osprey.engine.tensor.nativecpu.NativeAttention;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;
import dev.osprey.engine.tensor.scalar.ScalarAttention;
import dev.osprey.engine.tensor.vector.VectorAttention;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link AttentionKernel} against the scalar reference, and the reference against a plain softmax
 * over a materialised score row: GQA ratios 1-8, head sizes 64/80/96/128, F32/F16/Q8_0 pages, odd block
 * sizes and lengths, a shuffled block table, causal with and without a sliding window, decode (one
 * token over a sub-range of keys, as a flash-decoding split) and prefill tiles (several tokens).
 */
class AttentionParityTest {
    private static final int LAYERS = 2;
    private static final int KV_HEADS = 2;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[] groups = {1, 2, 3, 4, 7, 8};
        int[] dims = {64, 80, 96, 128};
        int c = 0;
        for (KvType type : KvType.values()) {
            for (int dim : dims) {
                if (!type.fits(dim)) {
                    continue;
                }
                for (int window : new int[] {0, 37}) {
                    int group = groups[c++ % groups.length];
                    int blockSize = c % 2 == 0 ? 16 : 13;
                    out.add(Arguments.of(type, dim, group, blockSize, window));
                }
            }
        }
        return out.stream();
    }

    /** Each kernel under test: the Vector API one and every native variant this CPU runs. */
    private static List<AttentionKernel> kernels() {
        List<AttentionKernel> ks = new ArrayList<>();
        ks.add(VectorAttention.INSTANCE);
        for (InstructionSet isa : InstructionSet.values()) {
            try {
                ks.add(NativeAttention.load(isa));
            } catch (NativeUnavailableException e) {
                System.out.println("attention parity: skipping native " + isa + ": " + e.getMessage());
            }
        }
        return ks;
    }

    @ParameterizedTest(name = "{0} dim {1} group {2} block {3} window {4}")
    @MethodSource("cases")
    void everyKernelMatchesTheReference(KvType type, int dim, int group, int blockSize, int window) {
        SplittableRandom random = new SplittableRandom(dim * 31L + group * 7L + window + type.ordinal());
        int context = 211;
        Fixture f = new Fixture(new KvShape(LAYERS, KV_HEADS, dim, dim, type), blockSize, context, group, random);
        // decode over a key range that starts and ends inside blocks; prefill tiles of 1, 5 and 9 tokens
        int[][] tiles = {{1, 200, 17, 190}, {1, 210, 0, 211}, {5, 100, 0, 105}, {9, 150, 3, 159}, {5, 0, 0, 5}};
        for (int[] t : tiles) {
            int nq = t[0];
            int pos0 = t[1];
            int kLo = t[2];
            int kHi = t[3];
            Result ref = f.run(ScalarAttention.INSTANCE, nq, pos0, kLo, kHi, window);
            f.assertMatchesNaive(ref, nq, pos0, kLo, kHi, window);
            for (AttentionKernel k : kernels()) {
                Result got = f.run(k, nq, pos0, kLo, kHi, window);
                assertClose(got, ref, k.name() + " " + type + " nq " + nq + " at " + pos0 + " keys [" + kLo + ", " + kHi + ")");
            }
        }
    }

    @Test
    void rowsThatSeeNoKeyReportMinusInfinityAndNothingElse() {
        Fixture f = new Fixture(new KvShape(2, 2, 64, 64, KvType.F16), 16, 64, 2, new SplittableRandom(5));
        for (AttentionKernel k : withReference()) {
            Result r = f.run(k, 1, 10, 20, 40, 0);
            assertThat(r.ml[0]).as(k.name()).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat(r.ml[1]).as(k.name()).isZero();
            assertThat(r.o).as(k.name()).containsOnly(0f);
        }
    }

    @Test
    void argumentsOutsideTheirBoundsAreRefusedBeforeAnyRead() {
        Fixture f = new Fixture(new KvShape(2, 2, 64, 64, KvType.F32), 16, 32, 1, new SplittableRandom(3));
        for (AttentionKernel k : withReference()) {
            float[] q = new float[64];
            assertThatThrownBy(() -> k.attend(f.pages, 1, 1, f.table, 0, 40, q, 0, 64, 1, 1, 39, 0, 1f,
                    new float[64], 0, new float[2], 0)).as(k.name()).isInstanceOf(IndexOutOfBoundsException.class);
            int[] bad = f.table.clone();
            bad[1] = 99;
            assertThatThrownBy(() -> k.attend(f.pages, 1, 1, bad, 0, 32, q, 0, 64, 1, 1, 31, 0, 1f,
                    new float[64], 0, new float[2], 0)).as(k.name()).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> k.attend(f.pages, 1, 1, f.table, 0, 32, q, 0, 64, 2, 1, 30, 0, 1f,
                    new float[64], 0, new float[4], 0)).as(k.name()).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    private static List<AttentionKernel> withReference() {
        List<AttentionKernel> ks = new ArrayList<>(kernels());
        ks.add(ScalarAttention.INSTANCE);
        return ks;
    }

    /** Normalised outputs o / l within 2e-5 of the reference's largest magnitude; m and l within float rounding. */
    private static void assertClose(Result got, Result ref, String what) {
        int rows = ref.ml.length / 2;
        int vd = ref.o.length / rows;
        double worst = 0;
        double scale = 0;
        for (int r = 0; r < rows; r++) {
            assertThat(got.ml[2 * r]).as("%s m of row %d", what, r).isCloseTo(ref.ml[2 * r], org.assertj.core.data.Offset.offset(1e-4f * Math.max(1, Math.abs(ref.ml[2 * r]))));
            assertThat(got.ml[2 * r + 1]).as("%s l of row %d", what, r).isCloseTo(ref.ml[2 * r + 1], org.assertj.core.data.Percentage.withPercentage(1e-3));
            for (int d = 0; d < vd; d++) {
                double a = got.o[r * vd + d] / got.ml[2 * r + 1];
                double b = ref.o[r * vd + d] / ref.ml[2 * r + 1];
                worst = Math.max(worst, Math.abs(a - b));
                scale = Math.max(scale, Math.abs(b));
            }
        }
        assertThat(worst).as("%s max abs diff of normalised outputs (largest %.3g)", what, scale).isLessThanOrEqualTo(2e-5 * Math.max(scale, 1e-3));
    }

    private record Result(float[] o, float[] ml) {
    }

    /** Pages of {@code context} random positions under a shuffled block table, and random queries. */
    private static final class Fixture {
        final KvPages pages;
        final int[] table;
        final int group;
        final KvShape shape;
        final float[] q;
        final int qStride;

        Fixture(KvShape shape, int blockSize, int context, int group, SplittableRandom random) {
            this.shape = shape;
            this.group = group;
            int blocks = (context + blockSize - 1) / blockSize;
            this.pages = KvPages.allocate(shape, blockSize, blocks + 3, Arena.ofAuto());
            this.table = new int[blocks];
            List<Integer> ids = new ArrayList<>();
            for (int b = 0; b < blocks + 3; b++) {
                ids.add(b);
            }
            java.util.Collections.shuffle(ids, new java.util.Random(random.nextLong()));
            for (int b = 0; b < blocks; b++) {
                table[b] = ids.get(b);
            }
            int kvDim = shape.kvHeads() * shape.headDim();
            int vDim = shape.kvHeads() * shape.valueHeadDim();
            for (int layer = 0; layer < shape.layers(); layer++) {
                for (int p = 0; p < context; p++) {
                    float[] k = gaussian(random, kvDim, 1.0);
                    float[] v = gaussian(random, vDim, 1.0);
                    pages.write(layer, table[p / blockSize], p % blockSize, k, 0, v, 0);
                }
            }
            this.qStride = shape.kvHeads() * group * shape.headDim() + 3;
            this.q = gaussian(random, 16 * qStride, 1.0);
        }

        Result run(AttentionKernel k, int nq, int pos0, int kLo, int kHi, int window) {
            int rows = nq * group;
            float[] o = new float[rows * shape.valueHeadDim() + 5];
            float[] ml = new float[2 * rows + 3];
            k.attend(pages, 1, 1, table, kLo, kHi, q, group * shape.headDim(), qStride, nq, group, pos0, window,
                    scale(), o, 2, ml, 1);
            return new Result(java.util.Arrays.copyOfRange(o, 2, 2 + rows * shape.valueHeadDim()),
                    java.util.Arrays.copyOfRange(ml, 1, 1 + 2 * rows));
        }

        float scale() {
            return (float) (1 / Math.sqrt(shape.headDim()));
        }

        /** The reference against softmax over the full score row of each query, in doubles. */
        void assertMatchesNaive(Result ref, int nq, int pos0, int kLo, int kHi, int window) {
            int hd = shape.headDim();
            int vd = shape.valueHeadDim();
            int bs = pages.blockSize();
            for (int i = 0; i < nq; i++) {
                int pos = pos0 + i;
                for (int g = 0; g < group; g++) {
                    int r = i * group + g;
                    List<double[]> seen = new ArrayList<>();
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = kLo; j < kHi; j++) {
                        if (j > pos || (window > 0 && j <= pos - window)) {
                            continue;
                        }
                        float[] key = new float[hd];
                        float[] val = new float[vd];
                        shape.type().decode(pages.memory(), pages.keyRow(1, table[j / bs], 1, j % bs), hd, key, 0);
                        shape.type().decode(pages.memory(), pages.valueRow(1, table[j / bs], 1, j % bs), vd, val, 0);
                        double s = 0;
                        for (int d = 0; d < hd; d++) {
                            s += q[group * hd + i * qStride + g * hd + d] * key[d];
                        }
                        s *= scale();
                        max = Math.max(max, s);
                        double[] row = new double[vd + 1];
                        row[0] = s;
                        for (int d = 0; d < vd; d++) {
                            row[d + 1] = val[d];
                        }
                        seen.add(row);
                    }
                    if (seen.isEmpty()) {
                        assertThat(ref.ml[2 * r]).isEqualTo(Float.NEGATIVE_INFINITY);
                        continue;
                    }
                    double sum = 0;
                    double[] out = new double[vd];
                    for (double[] row : seen) {
                        double w = Math.exp(row[0] - max);
                        sum += w;
                        for (int d = 0; d < vd; d++) {
                            out[d] += w * row[d + 1];
                        }
                    }
                    assertThat((double) ref.ml[2 * r]).as("reference max").isCloseTo(max, org.assertj.core.data.Offset.offset(1e-4));
                    for (int d = 0; d < vd; d++) {
                        assertThat((double) ref.o[r * vd + d] / ref.ml[2 * r + 1]).as("reference row %d dim %d", r, d)
                                .isCloseTo(out[d] / sum, org.assertj.core.data.Offset.offset(1e-4));
                    }
                }
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    @Test
    void q8_0RefusesHeadsThatAreNotMultiplesOf32() {
        assertThatThrownBy(() -> new KvShape(1, 1, 80, 80, KvType.Q8_0))
                .hasMessageContaining("q8_0 needs a multiple of 32");
    }
}
