package dev.osprey.engine.tensor.quant;

/**
 * ggml's {@code make_qkx2_quants}: fits {@code x[i] ~ scale * L[i] - min} with
 * {@code 0 <= L[i] <= nmax} and {@code min >= 0}, minimising the weighted squared error over a grid
 * of {@code nstep + 1} candidate inverse scales around {@code nmax / (max - min)}. The error is
 * squared ({@code use_mad = false}: the 32-value sub-blocks of Q4_K and Q5_K) or absolute
 * ({@code use_mad = true}: the 16-value sub-blocks of Q2_K). Float operations are kept in ggml's order, with products
 * fused where GCC fuses them (see {@link QuantMath}), so results are bit-identical.
 */
final class AffineScaleSearch {
    private AffineScaleSearch() {
    }

    /**
     * @param x       {@code x[xOff .. xOff+n)}, the group
     * @param weights {@code weights[0 .. n)}, per-value error weights
     * @param levels  receives the levels {@code L} at {@code levels[lOff .. lOff+n)}
     * @param aux     scratch of at least {@code n}
     * @param mins    receives the (non-negative) min at {@code mins[minIndex]}
     * @param useMad  weigh absolute errors instead of squared ones
     * @return the scale
     */
    static float fit(int n, int nmax, float[] x, int xOff, float[] weights, byte[] levels, int lOff,
                     float[] mins, int minIndex, byte[] aux, float rmin, float rdelta, int nstep, boolean useMad) {
        float min = x[xOff];
        float max = x[xOff];
        float sumW = weights[0];
        float sumX = sumW * x[xOff];
        for (int i = 1; i < n; i++) {
            float v = x[xOff + i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * v; // vectorized in ggml: not fused
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            mins[minIndex] = -min;
            return 0.f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = clamp(QuantMath.nearestIntOfProduct(iscale, x[xOff + i] - min), nmax);
            levels[lOff + i] = (byte) l;
            float diff = Math.fma(scale, l, min) - x[xOff + i];
            bestError = Math.fma(weights[i], error(diff, useMad), bestError);
        }
        for (int is = 0; is <= nstep; is++) {
            iscale = (Math.fma(rdelta, is, rmin) + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                int l = clamp(QuantMath.nearestIntOfProduct(iscale, v - min), nmax);
                aux[i] = (byte) l;
                float wl = weights[i] * l;
                sumL += wl; // w*l has other uses, so it is not fused here
                sumL2 = Math.fma(wl, l, sumL2);
                sumXL = Math.fma(wl, v, sumXL);
            }
            float det = Math.fma(sumW, sumL2, -(sumL * sumL));
            if (det > 0) {
                float thisScale = Math.fma(-sumX, sumL, sumW * sumXL) / det;
                float thisMin = Math.fma(sumL2, sumX, -(sumL * sumXL)) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = Math.fma(thisScale, aux[i], thisMin) - x[xOff + i];
                    error += weights[i] * error(diff, useMad); // vectorized in ggml: sum not fused
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, levels, lOff, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        mins[minIndex] = -min;
        return scale;
    }

    private static float error(float diff, boolean useMad) {
        return useMad ? Math.abs(diff) : diff * diff;
    }

    private static int clamp(int l, int nmax) {
        return Math.max(0, Math.min(nmax, l));
    }
}
