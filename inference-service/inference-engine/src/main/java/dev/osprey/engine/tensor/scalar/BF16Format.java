package dev.osprey.engine.tensor.scalar;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/** BF16: little-endian bfloat16, the upper 16 bits of an IEEE binary32, one element per 2 bytes. */
public final class BF16Format implements BlockFormat {

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, int n, float[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = Float.intBitsToFloat(data.get(F16Format.LE_SHORT, offset + 2L * i) << 16);
        }
    }
}
