package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/** F32: the floats as they are, little-endian. */
public final class F32Quantizer implements Quantizer {

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(src, srcOffset, dst, QuantMath.LE_FLOAT, dstOffset, n);
    }
}
