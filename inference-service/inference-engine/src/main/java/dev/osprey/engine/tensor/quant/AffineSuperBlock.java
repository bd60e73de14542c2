package dev.osprey.engine.tensor.quant;

/**
 * The shared first half of {@code quantize_row_q4_K_ref} and {@code quantize_row_q5_K_ref}: for one
 * 256-value super-block, fit each 32-value sub-block with {@link AffineScaleSearch}, quantize the
 * eight scales and mins to 6 bits against two f16 super-scales {@code d} and {@code dmin}, then
 * requantize every value against its sub-block's rounded scale and min. Holds scratch space, so one
 * instance per thread.
 */
final class AffineSuperBlock {
    static final int QK_K = 256;

    private final int nmax;
    private final float rmin;
    private final float rdelta;
    private final int nstep;

    /** Levels, {@code 0..nmax}, one per value of the super-block. */
    final byte[] levels = new byte[QK_K];
    /** The packed 12-byte scales field. */
    final byte[] scales = new byte[KScales.BYTES];
    /** f16 bits of d and dmin. */
    short d;
    short dmin;

    private final byte[] aux = new byte[32];
    private final float[] weights = new float[32];
    private final float[] subScales = new float[8];
    private final float[] subMins = new float[8];
    private final int[] ls = new int[8];
    private final int[] lm = new int[8];

    AffineSuperBlock(int nmax, float rmin, float rdelta, int nstep) {
        this.nmax = nmax;
        this.rmin = rmin;
        this.rdelta = rdelta;
        this.nstep = nstep;
    }

    /** Fills {@link #levels}, {@link #scales}, {@link #d} and {@link #dmin} for {@code x[off .. off+256)}. */
    void quantize(float[] x, int off) {
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            int base = off + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) {
                sumX2 += x[base + l] * x[base + l]; // vectorized in ggml: not fused
            }
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = avX + Math.abs(x[base + l]);
            }
            subScales[j] = AffineScaleSearch.fit(32, nmax, x, base, weights, levels, 32 * j, subMins, j, aux,
                    rmin, rdelta, nstep, false);
            if (subScales[j] > maxScale) {
                maxScale = subScales[j];
            }
            if (subMins[j] > maxMin) {
                maxMin = subMins[j];
            }
        }
        float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
        float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
        for (int j = 0; j < 8; j++) {
            ls[j] = Math.min(63, QuantMath.nearestIntOfProduct(invScale, subScales[j]) & 0xFF);
            lm[j] = Math.min(63, QuantMath.nearestIntOfProduct(invMin, subMins[j]) & 0xFF);
        }
        KScales.pack(ls, lm, scales);
        d = QuantMath.toHalf(maxScale / 63.f);
        dmin = QuantMath.toHalf(maxMin / 63.f);
        float dF = Float.float16ToFloat(d);
        float dminF = Float.float16ToFloat(dmin);
        for (int j = 0; j < 8; j++) {
            float dj = dF * KScales.scale(scales, j);
            if (dj == 0) {
                continue;
            }
            float mj = dminF * KScales.min(scales, j);
            int base = off + 32 * j;
            for (int i = 0; i < 32; i++) {
                int l = QuantMath.nearestInt((x[base + i] + mj) / dj);
                levels[32 * j + i] = (byte) Math.max(0, Math.min(nmax, l));
            }
        }
    }
}
