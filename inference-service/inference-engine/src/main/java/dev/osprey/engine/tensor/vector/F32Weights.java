package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;
import static dev.osprey.engine.tensor.vector.Lanes.LE_FLOAT;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** F32 weights, read in place from the mapped file. */
final class F32Weights extends VectorWeights {
    private final MemorySegment data;
    private final long rowBytes;

    F32Weights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
    }

    private void decode4(float[] x, int xo, float[] aux, float[] out, int oo, int r) {
        MemorySegment d = data;
        long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int bound = F.loopBound(cols);
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + k);
            long kb = 4L * k;
            a0 = FloatVector.fromMemorySegment(F, d, o0 + kb, LE).fma(v, a0);
            a1 = FloatVector.fromMemorySegment(F, d, o1 + kb, LE).fma(v, a1);
            a2 = FloatVector.fromMemorySegment(F, d, o2 + kb, LE).fma(v, a2);
            a3 = FloatVector.fromMemorySegment(F, d, o3 + kb, LE).fma(v, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            float v = x[xo + k];
            long kb = 4L * k;
            s0 += d.get(LE_FLOAT, o0 + kb) * v;
            s1 += d.get(LE_FLOAT, o1 + kb) * v;
            s2 += d.get(LE_FLOAT, o2 + kb) * v;
            s3 += d.get(LE_FLOAT, o3 + kb) * v;
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
            a = FloatVector.fromMemorySegment(F, d, o + 4L * k, LE).fma(FloatVector.fromArray(F, x, xo + k), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            s += d.get(LE_FLOAT, o + 4L * k) * x[xo + k];
        }
        return s;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        MemorySegment.copy(data, LE_FLOAT, row * rowBytes, out, outOffset, cols);
    }
}
