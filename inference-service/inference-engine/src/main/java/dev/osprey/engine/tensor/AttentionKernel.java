package dev.osprey.engine.tensor;

import dev.osprey.engine.kvpages.KvPages;
import java.util.Objects;

/**
 * One tile of flash attention: the query rows of one GQA group against a range of cached keys, with an
 * online softmax, so scores exist only one key tile at a time. Every backend has one (scalar reference,
 * Vector API, native); they differ only in float rounding.
 *
 * <p>Arguments of {@link #attend}:
 * <ul>
 *   <li>Queries: {@code nq} consecutive tokens at positions {@code qPos0 ..}, each with {@code group} query
 *   heads of {@code headDim}: row {@code r = i*group + g} is {@code q[qOff + i*qStride + g*headDim ..]}.</li>
 *   <li>Keys and values: positions {@code [kLo, kHi)} of head {@code kvHead} of {@code layer} in {@code pages};
 *   position {@code j} is in block {@code blockTable[j / blockSize]}, slot {@code j % blockSize}.</li>
 *   <li>Mask: row {@code r} of token {@code i} sees key {@code j} iff {@code j <= qPos0 + i} and, when
 *   {@code window > 0}, {@code j > qPos0 + i - window}.</li>
 *   <li>Result, a partial softmax over the visible keys, {@code s_j = scale * q_r . k_j}:
 *   {@code m = max_j s_j} ({@code -inf} when no key is visible), {@code l = sum_j exp(s_j - m)},
 *   {@code o = sum_j exp(s_j - m) v_j} (unnormalised), written as
 *   {@code o[oOff + r*valueHeadDim ..]} and {@code ml[mlOff + 2r] = m}, {@code ml[mlOff + 2r + 1] = l};
 *   nothing else is written.</li>
 * </ul>
 * Keys are visited in increasing order, a tile at a time; how many keys a tile holds is each
 * kernel's choice (the Java ones take at most {@link #TILE} keys of one block, the native ones up to 64
 * across blocks), which changes only the float rounding.
 */
public interface AttentionKernel {
    /** Most keys per tile of the Java kernels. */
    int TILE = 32;

    /** Short name for logs. */
    String name();

    void attend(KvPages pages, int layer, int kvHead, int[] blockTable, int kLo, int kHi,
                float[] q, int qOff, int qStride, int nq, int group, int qPos0, int window, float scale,
                float[] o, int oOff, float[] ml, int mlOff);

    /** An empty partial softmax for {@code rows} rows: {@code m = -inf}, {@code l = 0}, {@code o = 0}. */
    static void clearPartials(float[] o, int oOff, int oLength, float[] ml, int mlOff, int rows) {
        for (int r = 0; r < rows; r++) {
            ml[mlOff + 2 * r] = Float.NEGATIVE_INFINITY;
            ml[mlOff + 2 * r + 1] = 0;
        }
        java.util.Arrays.fill(o, oOff, oOff + oLength, 0f);
    }

    /**
     * Checks {@link #attend}'s arguments against each other and every array and block bound.
     *
     * @throws IndexOutOfBoundsException or IllegalArgumentException naming the first violation
     */
    static void check(KvPages pages, int layer, int kvHead, int[] blockTable, int kLo, int kHi,
                      float[] q, int qOff, int qStride, int nq, int group, int qPos0, int window,
                      float[] o, int oOff, float[] ml, int mlOff) {
        Objects.requireNonNull(pages, "pages");
        var shape = pages.shape();
        Objects.checkIndex(layer, shape.layers());
        Objects.checkIndex(kvHead, shape.kvHeads());
        if (nq <= 0 || group <= 0 || window < 0 || qPos0 < 0 || kLo < 0 || kHi < kLo) {
            throw new IllegalArgumentException("attention tile of " + nq + " tokens x " + group + " heads at "
                    + qPos0 + ", keys [" + kLo + ", " + kHi + "), window " + window);
        }
        int headDim = shape.headDim();
        if (qStride < group * headDim) {
            throw new IllegalArgumentException("query stride " + qStride + " < " + group + " x " + headDim);
        }
        Objects.checkFromIndexSize(qOff, (nq - 1) * qStride + group * headDim, q.length);
        int rows = Math.multiplyExact(nq, group);
        Objects.checkFromIndexSize(oOff, Math.multiplyExact(rows, shape.valueHeadDim()), o.length);
        Objects.checkFromIndexSize(mlOff, 2 * rows, ml.length);
        if (kHi > kLo) {
            int bs = pages.blockSize();
            int last = (kHi - 1) / bs;
            Objects.checkIndex(last, blockTable.length);
            for (int b = kLo / bs; b <= last; b++) {
                Objects.checkIndex(blockTable[b], pages.blocks());
            }
        }
    }
}
