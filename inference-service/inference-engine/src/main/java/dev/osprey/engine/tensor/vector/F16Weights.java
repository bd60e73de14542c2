package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.I;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;
import static dev.osprey.engine.tensor.vector.Lanes.S;
import static dev.osprey.engine.tensor.vector.Lanes.f16;
import static dev.osprey.engine.tensor.vector.Lanes.f16ToFloat;

import dev.osprey.engine.tensor.QuantizedMatrix;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** F16 weights, read in place from the mapped file and widened to float in registers. */
final class F16Weights extends VectorWeights {
    private final MemorySegment data;
    private final long rowBytes;

    F16Weights(QuantizedMatrix source) {
        super(source);
        this.data = source.data();
        this.rowBytes = source.rowBytes();
    }

    /**
     * f16 to float for finite values (normals and subnormals exact): the magnitude bits moved into
     * float position and rescaled by 2^112. Infinities and NaN come out finite, which a weight matrix
     * never holds; {@link #dequantizeRow} keeps the exact conversion.
     */
    private static FloatVector finiteF16ToFloat(ShortVector h) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        IntVector magnitude = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return magnitude.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    private static FloatVector load(MemorySegment d, long offset) {
        return f16ToFloat(ShortVector.fromMemorySegment(S, d, offset, LE));
    }

    /** One row per loop body: four rows' f16 widening in one body exceeds C2's inlining budget. */
    @Override
    void decode(float[] x, int xOffset, float[] out, int outOffset, int rowStart, int rowEnd) {
        int r = rowStart;
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
            a = finiteF16ToFloat(ShortVector.fromMemorySegment(S, d, o + 2L * k, LE)).fma(FloatVector.fromArray(F, x, xo + k), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; k < cols; k++) {
            s += f16(d, o + 2L * k) * x[xo + k];
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
            out[outOffset + k] = f16(d, o + 2L * k);
        }
    }
}
