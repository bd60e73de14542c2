package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;
import static dev.osprey.engine.tensor.vector.Lanes.S;
import static dev.osprey.engine.tensor.vector.Lanes.bf16;
import static dev.osprey.engine.tensor.vector.Lanes.bf16ToFloat;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** BF16 weights, read in place from the mapped file and widened to float in registers. */
final class BF16Weights extends VectorWeights {
    private final MemorySegment data;
    private final long rowBytes;

    BF16Weights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
    }

    private static FloatVector load(MemorySegment d, long offset) {
        return bf16ToFloat(ShortVector.fromMemorySegment(S, d, offset, LE));
    }

    private void decode4(float[] x, int xo, float[] aux, float[] out, int oo, int r) {
        MemorySegment d = data;
        long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int bound = F.loopBound(cols);
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + k);
            long kb = 2L * k;
            a0 = load(d, o0 + kb).fma(v, a0);
            a1 = load(d, o1 + kb).fma(v, a1);
            a2 = load(d, o2 + kb).fma(v, a2);
            a3 = load(d, o3 + kb).fma(v, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            float v = x[xo + k];
            long kb = 2L * k;
            s0 += bf16(d, o0 + kb) * v;
            s1 += bf16(d, o1 + kb) * v;
            s2 += bf16(d, o2 + kb) * v;
            s3 += bf16(d, o3 + kb) * v;
        }
        out[oo + r] = s0;
        out[oo + r + 1] = s1;
        out[oo + r + 2] = s2;
        out[oo + r + 3] = s3;
    }

    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        int r = rowStart;
        for (; r + 4 <= rowEnd; r += 4) {
            decode4(x, xOffset, null, out, outOffset, r);
        }
        for (; r < rowEnd; r++) {
            out[outOffset + r] = decode1(x, xOffset, null, r);
        }
    }

    private float decode1(float[] x, int xo, float[] aux, int r) {
        MemorySegment d = data;
        long o = r * rowBytes;
        FloatVector a = FloatVector.zero(F);
        int bound = F.loopBound(cols);
        int k = 0;
        for (; k < bound; k += L) {
            a = load(d, o + 2L * k).fma(FloatVector.fromArray(F, x, xo + k), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            s += bf16(d, o + 2L * k) * x[xo + k];
        }
        return s;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment d = data;
        long o = row * rowBytes;
        int bound = F.loopBound(cols);
        int k = 0;
        for (; k < bound; k += L) {
            load(d, o + 2L * k).intoArray(out, outOffset + k);
        }
        for (; k < cols; k++) {
            out[outOffset + k] = bf16(d, o + 2L * k);
        }
    }
}
