package dev.osprey.engine.tensor.quant;

/**
 * The per-block fit of ggml's {@code quantize_row_iq4_nl_impl} with no importance matrix (weights
 * {@code x[i]^2}): picks a scale {@code d} and, for each value, the index {@code l} of the grid
 * level {@code GRID[l]} so that {@code x[i] ~ d * GRID[l[i]]}. Shared by the 4-bit non-linear types
 * (IQ4_NL's blocks and IQ4_XS's 32-value sub-blocks). Float operations follow ggml's order,
 * with products fused where GCC fuses them (see {@link QuantMath}), so results are bit-identical.
 */
final class NonLinearScaleSearch {
    /** ggml's {@code kvalues_iq4nl}: the 16 levels a 4-bit index selects, ascending. */
    static final byte[] GRID = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private NonLinearScaleSearch() {
    }

    /**
     * ggml's {@code best_index_int8} over {@link #GRID}: the index of the level nearest {@code x},
     * the upper one on ties; values beyond the ends clamp to index 0 or 15.
     */
    static int nearestLevel(float x) {
        if (x <= GRID[0]) {
            return 0;
        }
        if (x >= GRID[15]) {
            return 15;
        }
        int lo = 0;
        int hi = 15;
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (x < GRID[mid]) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return x - GRID[hi - 1] < GRID[hi] - x ? hi - 1 : hi;
    }

    /**
     * Fits {@code x[xOff .. xOff+n)}: first with {@code d} mapping the value of largest magnitude onto
     * an end of the grid, then (for {@code ntry > 0}) {@code 2*ntry+1} inverse scales
     * {@code (GRID[0] + t) / max}, {@code t = -ntry .. ntry}, keeping the least-squares {@code d} of
     * whichever assignment scores best. {@code levels[lOff .. lOff+n)} receives the indices of the first
     * assignment; callers re-derive the final ones from the returned scale, as ggml does.
     *
     * @return the scale; 0 for a group whose largest magnitude is below {@link QuantMath#GROUP_MAX_EPS}
     *     (levels then left untouched)
     */
    static float fit(int n, int ntry, float[] x, int xOff, byte[] levels, int lOff) {
        float max = QuantMath.largestMagnitude(x, xOff, n);
        if (Math.abs(max) < QuantMath.GROUP_MAX_EPS) {
            return 0;
        }
        float d = ntry > 0 ? -max / GRID[0] : max / GRID[0];
        float id = 1 / d;
        float sumqx = 0;
        float sumq2 = 0;
        for (int j = 0; j < n; j++) {
            float v = x[xOff + j];
            int l = nearestLevel(id * v);
            levels[lOff + j] = (byte) l;
            float q = GRID[l];
            float wq = v * v * q;
            sumqx = Math.fma(wq, v, sumqx);
            sumq2 = Math.fma(wq, q, sumq2);
        }
        d = sumq2 > 0 ? sumqx / sumq2 : 0.f;
        float best = d * sumqx;
        for (int t = -ntry; t <= ntry; t++) {
            id = (t + GRID[0]) / max;
            sumqx = 0;
            sumq2 = 0;
            for (int j = 0; j < n; j++) {
                float v = x[xOff + j];
                float q = GRID[nearestLevel(id * v)];
                float wq = v * v * q;
                sumqx = Math.fma(wq, v, sumqx);
                sumq2 = Math.fma(wq, q, sumq2);
            }
            if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                d = sumqx / sumq2;
                best = d * sumqx;
            }
        }
        return d;
    }
}
