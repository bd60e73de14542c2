package dev.osprey.engine.tensor.quant;

/**
 * ggml's {@code make_qx_quants} with {@code rmse_type = 1} and no importance weights: fits
 * {@code x[i] ~ scale * l[i]} with {@code -nmax <= l[i] < nmax}, weighting each value by
 * {@code x[i]^2}, trying 19 inverse scales around {@code -nmax / max} ({@code max} being the value
 * of largest magnitude). Used for the 16-value sub-blocks of Q6_K. Float operations follow ggml's
 * order, with products fused where GCC fuses them (see {@link QuantMath}), so results are
 * bit-identical.
 */
final class SignedScaleSearch {
    private SignedScaleSearch() {
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
            levels[lOff + i] = (byte) (l + nmax);
            float w = v * v;
            sumLX = Math.fma(w * v, l, sumLX);
            sumL2 = Math.fma(w * l, l, sumL2);
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0.0f;
        float best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -Math.fma(0.1f, is, nmax) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                int l = QuantMath.clampSigned(QuantMath.nearestIntOfProduct(iscale, v), nmax);
                float w = v * v;
                sumLX += w * v * l; // vectorized in ggml: sums not fused
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    levels[lOff + i] = (byte) (nmax + QuantMath.clampSigned(QuantMath.nearestIntOfProduct(iscale, x[xOff + i]), nmax));
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
