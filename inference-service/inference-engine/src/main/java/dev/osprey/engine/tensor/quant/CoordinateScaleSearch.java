package dev.osprey.engine.tensor.quant;

/**
 * ggml's {@code make_q3_quants} with {@code do_rmse}: fits {@code x[i] ~ scale * l[i]} with
 * {@code -nmax <= l[i] < nmax}, weighting each value by {@code x[i]^2}. It starts from the levels of
 * inverse scale {@code -nmax / max} ({@code max} being the value of largest magnitude), then for up
 * to five sweeps moves each level to the one the least-squares scale of the others asks for, keeping
 * a move only when it raises {@code sumlx^2 / suml2}. Used for the 16-value sub-blocks of Q3_K. The
 * loops store levels, so GCC keeps them scalar and fuses every product into its sum (see
 * {@link QuantMath}); this does the same.
 */
final class CoordinateScaleSearch {
    private static final int SWEEPS = 5;

    private CoordinateScaleSearch() {
    }

    /**
     * @param x      {@code x[xOff .. xOff+n)}, the group
     * @param levels receives {@code l[i] + nmax} (so {@code 0 .. 2*nmax-1}) at {@code levels[lOff .. lOff+n)}
     * @return the scale; 0 for an all-zero group (levels 0)
     */
    static float fit(int n, int nmax, float[] x, int xOff, byte[] levels, int lOff) {
        float max = QuantMath.largestMagnitude(x, xOff, n);
        if (Math.abs(max) < QuantMath.GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            return 0.f;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            int l = QuantMath.clampSigned(QuantMath.nearestIntOfProduct(iscale, v), nmax);
            levels[lOff + i] = (byte) l;
            float w = v * v;
            sumLX = Math.fma(w * v, l, sumLX);
            sumL2 = Math.fma(w * l, l, sumL2);
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                float w = v * v;
                int l = levels[lOff + i];
                float slx = Math.fma(-(w * v), l, sumLX);
                if (slx > 0) {
                    float sl2 = Math.fma(-(w * l), l, sumL2);
                    int newL = QuantMath.clampSigned(QuantMath.nearestInt(v * sl2 / slx), nmax);
                    if (newL != l) {
                        slx = Math.fma(w * v, newL, slx);
                        sl2 = Math.fma(w * newL, newL, sl2);
                        if (sl2 > 0 && slx * slx * sumL2 > sumLX * sumLX * sl2) {
                            levels[lOff + i] = (byte) newL;
                            sumLX = slx;
                            sumL2 = sl2;
                            changed++;
                        }
                    }
                }
            }
            if (changed == 0) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            levels[lOff + i] += (byte) nmax;
        }
        return sumL2 > 0.0f ? sumLX / sumL2 : 0.0f;
    }
}
