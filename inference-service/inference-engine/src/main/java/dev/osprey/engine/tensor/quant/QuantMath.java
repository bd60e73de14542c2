package dev.osprey.engine.tensor.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Rounding and storage helpers whose results match ggml's C code exactly.
 *
 * <p>Bit-exactness with the files llama.cpp writes on x86-64 needs more than ggml's source order:
 * GCC compiles ggml with {@code -ffp-contract=fast} (its default) for an FMA-capable target, so a
 * product that feeds an addition is fused into one correctly rounded FMA wherever the two sit in one
 * basic block, including across inlined calls such as {@code nearest_int(a * b)}. Loops without
 * stores are vectorized with in-order ("fold-left") reductions, whose additions are not fused. The
 * K-quant search code mirrors both with {@link Math#fma}; each fused site says so.
 */
final class QuantMath {
    static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** ggml's {@code GROUP_MAX_EPS}: a group whose largest magnitude is below this is all zero. */
    static final float GROUP_MAX_EPS = 1e-15f;

    private QuantMath() {
    }

    /**
     * ggml's {@code nearest_int}: round half to even, valid for {@code |x| <= 4194303} (its
     * {@code x + 1.5*2^23} trick rounds in the FPU's default mode).
     */
    static int nearestInt(float x) {
        return (int) Math.rint(x);
    }

    /**
     * {@code nearest_int(a * b)} as GCC compiles it: the product fused with the {@code + 1.5*2^23}
     * of the rounding trick, so it rounds the exact product, not the float-rounded one (they differ
     * when {@code a * b} rounds onto a half-integer). Valid for {@code |a * b| < 2^22}.
     */
    static int nearestIntOfProduct(float a, float b) {
        return (int) (Math.fma(a, b, 12582912f) - 12582912f);
    }

    /** C's {@code roundf}: round half away from zero. */
    static float roundHalfAway(float x) {
        double r = Math.floor(Math.abs((double) x) + 0.5);
        return (float) Math.copySign(r, x);
    }

    /** ggml's {@code GGML_FP32_TO_FP16}: IEEE binary16 bits, round to nearest even. */
    static short toHalf(float x) {
        return Float.floatToFloat16(x);
    }

    /** {@code GGML_FP16_TO_FP32} of {@code GGML_FP32_TO_FP16(x)}. */
    static float halfRound(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }

    static void putHalf(MemorySegment dst, long offset, float x) {
        dst.set(LE_SHORT, offset, toHalf(x));
    }

    /** The value of largest magnitude in {@code x[off .. off+n)} (the first on ties), 0 when all are 0. */
    static float largestMagnitude(float[] x, int off, int n) {
        float amax = 0;
        float max = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[off + i]);
            if (ax > amax) {
                amax = ax;
                max = x[off + i];
            }
        }
        return max;
    }

    /** The smallest value of {@code x[off .. off+n)}. */
    static float minimum(float[] x, int off, int n) {
        float min = Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, x[off + i]);
        }
        return min;
    }

    /** The largest value of {@code x[off .. off+n)}. */
    static float maximum(float[] x, int off, int n) {
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /** {@code l} clamped to the signed levels {@code [-nmax, nmax - 1]}. */
    static int clampSigned(int l, int nmax) {
        return Math.max(-nmax, Math.min(nmax - 1, l));
    }

    static void requireBlocks(String type, int n, int blockSize) {
        if (n < 0 || n % blockSize != 0) {
            throw new IllegalArgumentException(n + " elements are not a whole number of " + type
                    + " blocks of " + blockSize);
        }
    }
}
